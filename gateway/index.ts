// The gateway alone, in front of subgraphs running elsewhere:
//   npm run start:gateway -- --supergraph path/to/supergraph.graphql
import { readFileSync } from 'node:fs';
import { loadConfig } from '../lib/config.js';
import { openBus } from '../lib/events/index.js';
import { createGateway } from './server.js';
import { persistedOptions } from './protection/persisted.js';
import { startTracing } from '../lib/telemetry.js';
import { portProblem } from '../lib/listen.js';

const config = loadConfig();
startTracing('lingxi-gateway', config.tracesUrl);
const busy = await portProblem(config.host, config.port);
if (busy) {
  console.error(`lingxi gateway: ${busy}`);
  process.exit(1);
}
const bus = await openBus(config);
const gateway = await createGateway({
  supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
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
console.log(`lingxi gateway at http://${config.host}:${config.port}/graphql serving ${config.supergraphPath}`);
const stop = async () => {
  await gateway.app.close();
  await bus.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
