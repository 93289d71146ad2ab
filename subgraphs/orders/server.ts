import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.js';
import { eventOutbox } from '../../lib/events/outbox.js';
import { every, subgraph, type Subgraph } from '../../lib/subgraph/lifecycle.js';
import type { CoreDeps, SubgraphModule } from '../../lib/subgraph/runtime.js';
import { buildSubgraphServer } from '../../lib/subgraph/server.js';
import type { Context } from './context.js';
import { CrmSimulator } from './crm/simulator.js';
import { graphClient } from './graph-client.js';
import { registerConfirmationPages } from './http.js';
import { resolvers } from './resolvers/index.js';
import { ordersIsEmpty, seedOrders, truncateOrders } from './seed.js';
import { createHandlingService } from './handling/index.js';
import { ordersSettings, type OrdersSettings } from './settings.js';
import { smsOutbox } from './sms/outbox.js';
import { createStore, DB_SCHEMA } from './store.js';

const typeDefs = readFileSync(join(PROJECT_ROOT, 'schema', 'orders.graphql'), 'utf8');

/** Abandoned sessions are cancelled (and their gifts released) this often. */
const EXPIRY_SWEEP_MS = 60_000;
/** Orders whose CRM answer was lost are looked for this often, and at start. */
const RECONCILE_MS = 10_000;
const RECONCILE_MARGIN_MS = 1_000;
/** Events a crash left staged are looked for this often, and at start. */
const RELAY_MS = 5_000;

export type OrdersDeps = CoreDeps & OrdersSettings;

export async function buildOrdersSubgraph(deps: OrdersDeps): Promise<Subgraph> {
  const { db, clock, internalSecret, bus } = deps;
  const store = createStore(db);
  const outbox = smsOutbox(db);
  const graph = graphClient(deps.graphUrl, internalSecret);
  const crm = deps.crm ?? new CrmSimulator(deps.crmSimulator);
  const events = eventOutbox(db, 'orders.event_outbox', bus);
  const app = await buildSubgraphServer<Context>({
    name: 'orders',
    typeDefs,
    resolvers,
    internalSecret,
    context: (identity) => ({ identity, store, loaders: store.loaders(identity.city), service, graph, outbox, confirmationBase: deps.confirmationBaseUrl }),
  });
  const log = (msg: string, err: unknown) => app.log.error({ err }, msg);
  const service = createHandlingService({
    db,
    store,
    graph,
    crm,
    sms: deps.sms ?? outbox,
    bus,
    events,
    clock,
    settings: {
      sessionTtlMinutes: deps.sessionTtlMinutes,
      declarationSlaMinutes: deps.declarationSlaMinutes,
      confirmationBaseUrl: deps.confirmationBaseUrl,
      // A CRM call cannot outlive the CRM's timeout; past it (with a margin) a SUBMITTED order lost its answer.
      reconcileAfterMs: deps.crmSimulator.timeoutMs + RECONCILE_MARGIN_MS,
    },
    log,
  });
  await registerConfirmationPages(app, service);
  return subgraph('orders', app, [
    // What a crash kept from the bus after its transaction committed (an order completed) goes out now.
    every(
      'event relay',
      RELAY_MS,
      async () => {
        await events.relay();
      },
      log,
      'background',
    ),
    every(
      'session expiry',
      EXPIRY_SWEEP_MS,
      async () => {
        await service.expire();
      },
      log,
      'skip',
    ),
    // At start (orders a crash stranded) and then periodically (answers lost to a timeout).
    every(
      'order reconciliation',
      RECONCILE_MS,
      async () => {
        await service.reconcile();
      },
      log,
      'background',
    ),
  ]);
}

export const orders: SubgraphModule<OrdersSettings> = {
  name: 'orders',
  dbSchema: DB_SCHEMA,
  migrationsDir: join(PROJECT_ROOT, 'subgraphs', 'orders', 'migrations'),
  isEmpty: ordersIsEmpty,
  seed: seedOrders,
  truncate: truncateOrders,
  settings: ordersSettings,
  build: buildOrdersSubgraph,
};
