import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.js';
import { MAX_SKEW_SECONDS } from '../../lib/hmac.js';
import { buildSubgraphServer } from '../../lib/subgraph/server.js';
import { busConsumer, every, subgraph, type Subgraph } from '../../lib/subgraph/lifecycle.js';
import type { CoreDeps, SubgraphModule } from '../../lib/subgraph/runtime.js';
import type { Context } from './context.js';
import { resolvers } from './resolvers/index.js';
import { alertsIsEmpty, seedAlerts, truncateAlerts } from './seed.js';
import { registerHooks } from './http.js';
import { graphCaller } from '../../lib/subgraph/graph-call.js';
import { textReading } from './reading.js';
import { hallRouting } from './routing.js';
import { createAlertsService } from './service.js';
import { alertsSettings, type AlertsSettings } from './settings.js';
import { createStore, DB_SCHEMA } from './store.js';

const typeDefs = readFileSync(join(PROJECT_ROOT, 'schema', 'alerts.graphql'), 'utf8');

/** Open orders past their due date are expired this often (and once at start). */
const EXPIRY_SWEEP_MS = 60_000;
/** Orders without a hall whose routing is not settled are looked at this often (and after each ingest). */
const ROUTING_MS = 2_000;
/** Orders whose text is not read yet are looked for this often (and after each ingest). */
const READING_MS = 1_000;

export type AlertsDeps = CoreDeps & AlertsSettings;

export async function buildAlertsSubgraph(deps: AlertsDeps): Promise<Subgraph> {
  const { db, clock, internalSecret, bus } = deps;
  const store = createStore(db);
  const app = await buildSubgraphServer<Context>({
    name: 'alerts',
    typeDefs,
    resolvers,
    internalSecret,
    context: (identity) => ({ identity, store, loaders: store.loaders(identity.city), service, clock }),
  });
  const log = (msg: string, err: unknown) => app.log.error({ err }, msg);
  const route = hallRouting(store, graphCaller(deps.graphUrl, internalSecret), bus, clock, log);
  const reading = textReading(store);
  const service = createAlertsService(db, store, bus, clock, log, {
    unrouted: () => void route().catch((e) => log('hall routing failed', e)),
    stored: () => void reading.read().catch((e) => log('reading warning-order text failed', e)),
  });
  await registerHooks(app, service, store, deps);
  return subgraph('alerts', app, [
    busConsumer('counter delivery', () => service.startDeliveryConsumer()),
    every(
      'text reading',
      READING_MS,
      async () => {
        await reading.read();
      },
      log,
      'background',
    ),
    // Orders sent without a hall reach the customer's home hall (the gateway may come up after us: retried).
    every(
      'hall routing',
      ROUTING_MS,
      async () => {
        await route();
      },
      log,
      'background',
    ),
    // Overdue orders expire, and hook receipts past the signing window (twice over, against clock
    // skew; signatures are checked against real time) are dropped, off the hook's path.
    every(
      'expiry sweep',
      EXPIRY_SWEEP_MS,
      async () => {
        await service.expireOverdue();
        await store.dropHookReceipts(new Date(Date.now() - 2 * MAX_SKEW_SECONDS * 1000));
      },
      log,
      'await',
    ),
  ]);
}

export const alerts: SubgraphModule<AlertsSettings> = {
  name: 'alerts',
  dbSchema: DB_SCHEMA,
  migrationsDir: join(PROJECT_ROOT, 'subgraphs', 'alerts', 'migrations'),
  isEmpty: alertsIsEmpty,
  seed: seedAlerts,
  truncate: truncateAlerts,
  settings: alertsSettings,
  build: buildAlertsSubgraph,
};
