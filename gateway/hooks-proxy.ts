import type { FastifyInstance } from 'fastify';
import { MAX_REQUEST_BYTES } from '../lib/limits.js';

const FORWARDED = ['content-type', 'x-lingxi-timestamp', 'x-lingxi-signature'];

/**
 * Outside systems (the grid system, queueing, CRM) reach the alerts subgraph's signed hooks at
 * the one public address: /hooks/* is passed through byte for byte — the signature covers the
 * exact body — and the alerts subgraph checks it.
 */
export async function registerHooksProxy(app: FastifyInstance, alertsBaseUrl: string): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_REQUEST_BYTES }, (_req, body, done) => done(null, body));
    scope.route({
      method: ['GET', 'POST'],
      url: '/hooks/*',
      async handler(request, reply) {
        const headers: Record<string, string> = {};
        for (const name of FORWARDED) {
          const v = request.headers[name];
          if (typeof v === 'string') headers[name] = v;
        }
        try {
          const res = await fetch(`${alertsBaseUrl}${request.url}`, { method: request.method, headers, body: request.method === 'POST' ? new Uint8Array(request.body as Buffer) : undefined });
          reply.code(res.status).header('content-type', res.headers.get('content-type') ?? 'application/json');
          return reply.send(Buffer.from(await res.arrayBuffer()));
        } catch {
          return reply.code(502).send({ error: 'SUBGRAPH_UNAVAILABLE', message: 'alerts subgraph unavailable / 预警子图暂不可用' });
        }
      },
    });
  });
}
