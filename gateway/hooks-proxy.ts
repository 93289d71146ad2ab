import type { FastifyInstance } from 'fastify';
import { MAX_REQUEST_BYTES } from '../lib/limits.js';

const FORWARDED = ['content-type', 'x-lingxi-timestamp', 'x-lingxi-signature'];

/** The hooks outside systems may call, and nothing else: the public address is not a way into a subgraph. */
export const HOOK_ROUTES = [
  { method: 'POST', path: '/hooks/warning-orders' },
  { method: 'POST', path: '/hooks/counter-identified' },
  { method: 'GET', path: '/hooks/handled-warning-orders' },
] as const;

/**
 * Outside systems (the grid system, queueing, CRM) reach the alerts subgraph's signed hooks at
 * the one public address. Each allowed hook is its own route and is forwarded to its own fixed
 * path (plus the query string, which the export's signature covers), never to the path the
 * caller wrote; the body goes byte for byte, since the signature covers the exact body, and the
 * alerts subgraph checks it.
 */
export async function registerHooksProxy(app: FastifyInstance, alertsBaseUrl: string): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_REQUEST_BYTES }, (_req, body, done) => done(null, body));
    for (const hook of HOOK_ROUTES) {
      scope.route({
        method: hook.method,
        url: hook.path,
        async handler(request, reply) {
          const headers: Record<string, string> = {};
          for (const name of FORWARDED) {
            const v = request.headers[name];
            if (typeof v === 'string') headers[name] = v;
          }
          const q = request.url.indexOf('?');
          const search = q >= 0 ? request.url.slice(q) : '';
          try {
            const res = await fetch(`${alertsBaseUrl}${hook.path}${search}`, { method: hook.method, headers, body: hook.method === 'POST' ? new Uint8Array(request.body as Buffer) : undefined });
            reply.code(res.status).header('content-type', res.headers.get('content-type') ?? 'application/json');
            return reply.send(Buffer.from(await res.arrayBuffer()));
          } catch {
            return reply.code(502).send({ error: 'SUBGRAPH_UNAVAILABLE', message: 'alerts subgraph unavailable / 预警子图暂不可用' });
          }
        },
      });
    }
  });
}
