import type { FastifyInstance } from 'fastify';

/** The port a listening Fastify server actually got (what port 0 turned into). */
export function boundPort(app: FastifyInstance): number {
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('server is not listening on a TCP port');
  return address.port;
}
