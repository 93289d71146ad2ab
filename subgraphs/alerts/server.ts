import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.js';
import { MAX_SKEW_SECONDS } from '../../lib/hmac.js';
import { buildSubgraphServer } from '../../lib/subgraph/server.js';
import type { SubgraphDeps, SubgraphModule } from '../../lib/subgraph/runtime.js';
import type { Context } from './context.js';
import { resolvers } from './resolvers/index.js';
import { alertsIsEmpty, seedAlerts, truncateAlerts } from './seed.js';
import { registerHooks } from './http.js';
import { createAlertsService } from './service.js';
import { createStore, DB_SCHEMA } from './store.js';

const typeDefs = readFileSync(join(PROJECT_ROOT, 'schema', 'alerts.graphql'), 'utf8');

/** Open orders past their due date are expired this often (and once at start). */
export const EXPIRY_SWEEP_MS = 60_000;

export async function createAlertsSubgraph({ db, clock, internalSecret, bus, hooks }: SubgraphDeps) {
  const store = createStore(db);
  const app = await buildSubgraphServer<Context>({
    name: 'alerts',
    typeDefs,
    resolvers,
    internalSecret,
    context: (identity) => ({ identity, store, loaders: store.loaders(identity.city), service, clock }),
  });
  const service = createAlertsService(db, store, bus, clock, (msg, err) => app.log.error({ err }, msg));
  await registerHooks(app, service, store, hooks);
  const delivery = await service.startDeliveryConsumer();
  // Every minute: overdue orders expire, and hook receipts past the signing window (twice over,
  // against clock skew; signatures are checked against real time) are dropped, off the hook's path.
  const sweepOnce = async () => {
    await service.expireOverdue();
    await store.dropHookReceipts(new Date(Date.now() - 2 * MAX_SKEW_SECONDS * 1000));
  };
  await sweepOnce();
  const sweep = setInterval(() => void sweepOnce().catch((err) => app.log.error({ err }, 'expiry sweep failed')), EXPIRY_SWEEP_MS);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    delivery.close();
  });
  return app;
}

export const alerts: SubgraphModule = {
  name: 'alerts',
  dbSchema: DB_SCHEMA,
  migrationsDir: join(PROJECT_ROOT, 'subgraphs', 'alerts', 'migrations'),
  isEmpty: alertsIsEmpty,
  seed: seedAlerts,
  truncate: truncateAlerts,
  create: createAlertsSubgraph,
};
