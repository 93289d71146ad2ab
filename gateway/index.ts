// The gateway alone, in front of subgraphs running elsewhere:
//   npm run start:gateway -- --supergraph path/to/supergraph.graphql
// GATEWAY_WORKERS=<n> runs n gateway processes sharing the port (node:cluster).
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../lib/config.js';
import { openBus } from '../lib/events/index.js';
import { portProblem } from '../lib/listen.js';
import { startTracing } from '../lib/telemetry.js';
import { runPrimary } from './cluster.js';
import { persistedOptions } from './protection/persisted.js';
import { createGateway } from './server.js';
import { watchSupergraph } from './supergraph-watch.js';

const config = loadConfig();
const worker = cluster.isWorker;
if (!worker) {
  const busy = await portProblem(config.host, config.port);
  if (busy) {
    console.error(`lingxi gateway: ${busy}`);
    process.exit(1);
  }
}
if (!worker && config.gatewayWorkers > 1) await runPrimary(config.gatewayWorkers, `http://${config.host}:${config.port}/graphql`);
else await serve();

/** One gateway process: alone, or one worker of several sharing the port. */
async function serve(): Promise<void> {
  startTracing('lingxi-gateway', config.tracesUrl);
  const bus = await openBus(config);
  const supergraphSdl = readFileSync(config.supergraphPath, 'utf8');
  const gateway = await createGateway({
    supergraphSdl,
    subgraphUrls: config.subgraphUrls,
    jwtSecret: config.jwtSecret,
    internalSecret: config.internalSecret,
    bus,
    logger: true,
    requestLog: config.requestLog,
    limits: config.limits,
    subgraphPolicy: config.subgraphPolicy,
    persisted: persistedOptions(config),
  });
  await gateway.app.listen({ host: config.host, port: config.port });
  if (!worker) console.log(`lingxi gateway at http://${config.host}:${config.port}/graphql serving ${config.supergraphPath}`);
  // A new supergraph (the file changed, SIGHUP, or SUPERGRAPH_URL) is served without a restart.
  const watcher = watchSupergraph({
    file: config.supergraphPath,
    served: supergraphSdl,
    url: config.supergraphUrl,
    pollMs: config.supergraphPollMs,
    replace: gateway.replaceSupergraph,
    log: { info: (m) => gateway.app.log.info(m), error: (m) => gateway.app.log.error(m) },
  });
  const stop = async () => {
    watcher.stop();
    await gateway.app.close();
    await bus.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
