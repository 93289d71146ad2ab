/**
 * One benchmark target in its own process, so its CPU and peak RSS are its own:
 *   node dist/bench/gateway/target.js <ours|ours-cluster|apollo|hive|hive-rust|proxy> <port> <supergraph file> [proxy upstream]
 * (compiled by `npm run build`, as bench/gateway.ts does first: no TypeScript loader in any target)
 * Every target forwards the caller's x-lingxi-identity to the subgraphs and nothing else differs:
 * the third-party gateways run with their defaults.
 */
import { createServer, request as httpRequest, Agent } from 'node:http';
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { INTERNAL_HEADER } from '../../lib/auth/tokens.js';

const [kind, portArg, supergraphFile, upstream] = process.argv.slice(2);
const port = Number(portArg);
const supergraphSdl = readFileSync(supergraphFile, 'utf8');
const secrets = { jwtSecret: process.env.JWT_SECRET!, internalSecret: process.env.INTERNAL_SECRET! };

async function main(): Promise<void> {
  // Two gateway processes on the port, as GATEWAY_WORKERS=2 runs them: the primary only forks, and
  // each worker is the gateway itself.
  if (kind === 'ours-cluster' && cluster.isPrimary) {
    await Promise.all([0, 1].map(() => new Promise<void>((resolve) => cluster.fork().once('listening', () => resolve()))));
    process.send?.('ready');
    return;
  }
  switch (kind === 'ours-cluster' ? 'ours' : kind) {
    case 'ours': {
      const { createGateway } = await import('../../gateway/server.js');
      const { MemoryBus } = await import('../../lib/events/memory.js');
      const { loadConfig } = await import('../../lib/config.js');
      // Logging as deployed (npm run serve:gateway): to a discarded stdout, LOG_REQUESTS deciding which requests.
      const gateway = await createGateway({ supergraphSdl, bus: new MemoryBus(), ...secrets, logger: true, requestLog: loadConfig().requestLog });
      await gateway.app.listen({ host: '127.0.0.1', port });
      break;
    }
    case 'apollo': {
      const { ApolloGateway, RemoteGraphQLDataSource } = await import('@apollo/gateway');
      const { ApolloServer } = await import('@apollo/server');
      const { startStandaloneServer } = await import('@apollo/server/standalone');
      type Ctx = { identity?: string };
      const gateway = new ApolloGateway({
        supergraphSdl,
        buildService: ({ url }) =>
          new RemoteGraphQLDataSource<Ctx>({
            url,
            willSendRequest({ request, context }) {
              if (context.identity) request.http?.headers.set(INTERNAL_HEADER, context.identity);
            },
          }),
      });
      const server = new ApolloServer<Ctx>({ gateway });
      await startStandaloneServer(server, {
        listen: { port, host: '127.0.0.1' },
        context: async ({ req }) => ({ identity: req.headers[INTERNAL_HEADER] as string | undefined }),
      });
      break;
    }
    case 'hive':
    case 'hive-rust': {
      const { createGatewayRuntime } = await import('@graphql-hive/gateway-runtime');
      const rust = kind === 'hive-rust' ? { unifiedGraphHandler: (await import('@graphql-hive/router-runtime')).unifiedGraphHandler } : {};
      const gateway = createGatewayRuntime({
        supergraph: supergraphSdl,
        logging: false,
        propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ [INTERNAL_HEADER]: request.headers.get(INTERNAL_HEADER) }) },
        ...rust,
      });
      await new Promise<void>((r) => createServer(gateway).listen(port, '127.0.0.1', r));
      break;
    }
    case 'proxy': {
      // The practical ceiling for a one-subgraph query: bytes in, bytes out, keep-alive upstream.
      const target = new URL(upstream);
      const agent = new Agent({ keepAlive: true, maxSockets: 256 });
      await new Promise<void>((r) =>
        createServer((req, res) => {
          const up = httpRequest(
            { host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers, agent },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
            },
          );
          up.on('error', () => {
            res.writeHead(502);
            res.end();
          });
          req.pipe(up);
        }).listen(port, '127.0.0.1', r),
      );
      break;
    }
    default:
      throw new Error(`unknown target ${kind}`);
  }
  if (cluster.isPrimary) process.send?.('ready');
}

// An exit of its own rather than death by signal: a V8 CPU profile (--cpu-prof) is written only then.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
await main();
