import { Pool, type Dispatcher } from 'undici';

/** A subgraph's HTTP answer: its status and its body as text. */
export interface SubgraphResponse {
  status: number;
  text: string;
}

export class FetchTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * POSTs to one subgraph URL over a keep-alive pool of undici connections, through its dispatch
 * API: no streams, no abort signals, the body collected as buffers. Node's global fetch (undici's
 * fetch on web streams) spent a tenth of the gateway's CPU per fetch, and node:http's client
 * (agent bookkeeping, ClientRequest, header objects) still about a tenth (bench/gateway.ts profiles).
 */
export function httpFetcher(url: string, timeoutMs: number): (headers: Record<string, string>, body: string) => Promise<SubgraphResponse> {
  const target = new URL(url);
  // As many connections as requests in flight: a deep query fans out to several fetches per request.
  const pool = new Pool(target.origin, { connections: 512, pipelining: 1, keepAliveTimeout: 30_000 });
  const path = `${target.pathname}${target.search}`;
  return (headers, body) =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let status = 0;
      let controller: Dispatcher.DispatchController | null = null;
      let settled = false;
      const timer = setTimeout(() => {
        const error = new FetchTimeoutError(`the subgraph did not answer within ${timeoutMs} ms`);
        if (controller) controller.abort(error);
        else fail(error);
      }, timeoutMs);
      function fail(error: Error) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      }
      pool.dispatch(
        { path, method: 'POST', headers, body },
        {
          onRequestStart(c) {
            controller = c;
          },
          onResponseStart(_c, statusCode) {
            status = statusCode;
          },
          onResponseData(_c, chunk) {
            chunks.push(chunk);
          },
          onResponseEnd() {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ status, text: chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8') });
          },
          onResponseError(_c, error) {
            fail(error);
          },
        },
      );
    });
}
