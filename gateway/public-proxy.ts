import type { FastifyInstance } from 'fastify';
import { MAX_REQUEST_BYTES } from '../lib/limits.js';

/**
 * What outside callers may reach at the one public address besides the graph, and nothing else:
 * the signed hooks of outside systems (the grid system, queueing, CRM) on the alerts subgraph,
 * and the customer's remote-confirmation page on the orders subgraph. Each is its own route and
 * is forwarded to its own fixed path (with the query string, which the export's signature
 * covers), never to the path the caller wrote; bodies go byte for byte, since the hooks'
 * signatures cover the exact body. The subgraph checks the signature or the one-time token.
 */
export const PUBLIC_ROUTES = [
  { method: 'POST', path: '/hooks/warning-orders', subgraph: 'alerts' },
  { method: 'POST', path: '/hooks/counter-identified', subgraph: 'alerts' },
  { method: 'GET', path: '/hooks/handled-warning-orders', subgraph: 'alerts' },
  { method: 'GET', path: '/confirm/:token', subgraph: 'orders' },
  { method: 'POST', path: '/confirm/:token', subgraph: 'orders' },
] as const;

const FORWARDED = ['content-type', 'accept', 'x-lingxi-timestamp', 'x-lingxi-signature'];
const RETURNED = ['content-type', 'content-security-policy', 'cache-control', 'referrer-policy'];

export async function registerPublicProxy(app: FastifyInstance, baseOf: (subgraph: string) => string | undefined): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_REQUEST_BYTES }, (_req, body, done) => done(null, body));
    for (const route of PUBLIC_ROUTES) {
      const base = baseOf(route.subgraph);
      if (!base) continue;
      scope.route<{ Params: Record<string, string> }>({
        method: route.method,
        url: route.path,
        async handler(request, reply) {
          const headers: Record<string, string> = {};
          for (const name of FORWARDED) {
            const v = request.headers[name];
            if (typeof v === 'string') headers[name] = v;
          }
          const path = route.path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(request.params[name] ?? ''));
          const q = request.url.indexOf('?');
          const search = q >= 0 ? request.url.slice(q) : '';
          try {
            const res = await fetch(`${base}${path}${search}`, {
              method: route.method,
              headers,
              body: route.method === 'POST' ? new Uint8Array(request.body as Buffer) : undefined,
            });
            reply.code(res.status);
            for (const name of RETURNED) {
              const v = res.headers.get(name);
              if (v) reply.header(name, v);
            }
            return reply.send(Buffer.from(await res.arrayBuffer()));
          } catch {
            return reply.code(502).send({ error: 'SUBGRAPH_UNAVAILABLE', message: `${route.subgraph} subgraph unavailable / 子图暂不可用` });
          }
        },
      });
    }
  });
}
