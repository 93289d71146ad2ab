import { systemClock, today } from '../clock.js';
import { loadConfig } from '../config.js';
import { startTracing } from '../telemetry.js';
import { openBus } from '../events/index.js';
import { openDatabase, prepareDatabase, type SubgraphModule } from './runtime.js';

/** Runs one subgraph alone, for a deployment over several machines. */
export async function runStandalone<S>(module: SubgraphModule<S>): Promise<void> {
  const config = loadConfig();
  startTracing(`lingxi-${module.name}`, config.tracesUrl);
  const db = await openDatabase(config, module.name);
  await prepareDatabase(module, db);
  if (config.seedOnStart && (await module.isEmpty(db))) {
    console.log(`[${module.name}] seeding ${config.seedCustomers} customers…`);
    await db.transaction((tx) => module.seed(tx, { customers: config.seedCustomers, seedDate: today(systemClock) }));
  }
  const bus = await openBus(config);
  const running = await module.build({ db, clock: systemClock, internalSecret: config.internalSecret, bus, ...module.settings(config) });
  const url = await running.listen(config.subgraphHost, config.subgraphPorts[module.name]);
  console.log(`[${module.name}] listening at ${url}`);
  const stop = async () => {
    await running.stop();
    await bus.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
