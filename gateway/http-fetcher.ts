import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** A subgraph's HTTP answer: its status and its body as text. */
export interface SubgraphResponse {
  status: number;
  text: string;
}

export class FetchTimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * POSTs to one subgraph URL: node:http on a keep-alive pool, the body read as one buffer. Node's
 * global fetch (undici) spent a tenth of the gateway's CPU on web streams, abort signals and
 * transferables per fetch (bench/gateway.ts profile); this is all a subgraph call needs.
 */
export function httpFetcher(url: string, timeoutMs: number): (headers: Record<string, string>, body: string) => Promise<SubgraphResponse> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  // As many idle sockets as busy ones: a deep query fans out to several fetches per request, and a
  // smaller idle pool closed sockets after each burst only to connect again (connect showed in the profile).
  const agent = new (secure ? HttpsAgent : HttpAgent)({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });
  const path = `${target.pathname}${target.search}`;
  return (headers, body) => new Promise((resolve, reject) => {
    const req = send({
      protocol: target.protocol, hostname: target.hostname, port: target.port, path, method: 'POST', agent,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8') });
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
