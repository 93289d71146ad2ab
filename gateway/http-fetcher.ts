import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface SubgraphResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export class FetchTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * The gateway's fetcher for subgraphs: node:http on a keep-alive pool, the body read as one
 * buffer. Node's global fetch (undici) spent a tenth of the gateway's CPU on web streams, abort
 * signals and transferables per fetch (bench/gateway.ts profile); this is all a subgraph call needs.
 */
export function httpFetcher(timeoutMs: number): (url: string, init: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<SubgraphResponse> {
  // As many idle sockets as busy ones: a deep query fans out to several fetches per request, and a
  // smaller idle pool closed sockets after each burst only to connect again (connect showed in the profile).
  const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });
  const targets = new Map<string, URL>();
  return (url, init) => new Promise((resolve, reject) => {
    let target = targets.get(url);
    if (!target) targets.set(url, (target = new URL(url)));
    const secure = target.protocol === 'https:';
    const body = init.body ?? '';
    const req = (secure ? httpsRequest : httpRequest)({
      protocol: target.protocol, hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`,
      method: init.method ?? 'POST', agent: secure ? httpsAgent : httpAgent,
      headers: { ...init.headers, 'content-length': String(Buffer.byteLength(body)) },
    }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        resolve({
          ok: status >= 200 && status < 300, status, statusText: res.statusMessage ?? '', url,
          headers: { get: (name) => { const v = res.headers[name.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v; } },
          text: async () => text,
          json: async () => JSON.parse(text),
        });
      });
    });
    const timer = setTimeout(() => req.destroy(new FetchTimeoutError(`the subgraph did not answer within ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    req.on('error', fail);
    req.end(body);
  });
}
