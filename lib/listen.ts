import type { FastifyInstance } from 'fastify';

/** The port a listening Fastify server actually got (what port 0 turned into). */
export function boundPort(app: FastifyInstance): number {
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('server is not listening on a TCP port');
  return address.port;
}

/**
 * Graceful shutdown that really drains: answers still in flight when the server closes tell the
 * client to drop the connection, so a keep-alive socket does not hold the close open until the
 * keep-alive timeout (72 s in Fastify).
 */
export function closeConnectionsOnShutdown(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}
