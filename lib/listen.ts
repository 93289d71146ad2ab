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

/**
 * Fails at once, saying which port and which variable moves it, when the port is taken: the graph
 * would otherwise boot its databases first and end in a raw EADDRINUSE seconds later.
 */
export async function portProblem(host: string, port: number, variable = 'PORT'): Promise<string | null> {
  if (port === 0) return null;
  const { createServer } = await import('node:net');
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', (error: NodeJS.ErrnoException) => {
      resolve(
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use: stop what holds it, or choose another with ${variable}=<port> (for example ${variable}=${port + 10} npm start) / 端口已被占用`
          : `cannot listen on ${host}:${port}: ${error.message} (set HOST or ${variable}) / 无法监听`,
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}
