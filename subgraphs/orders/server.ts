import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.js';
import { buildSubgraphServer } from '../../lib/subgraph/server.js';
import type { SubgraphDeps, SubgraphModule } from '../../lib/subgraph/runtime.js';
import type { Context } from './context.js';
import { resolvers } from './resolvers/index.js';
import { ordersIsEmpty, seedOrders, truncateOrders } from './seed.js';
import { CrmSimulator } from './crm/simulator.js';
import { graphClient } from './graph-client.js';
import { createHandlingService } from './service.js';
import { createStore, DB_SCHEMA } from './store.js';
import { registerConfirmationPages } from './http.js';
import { smsOutbox } from './sms/outbox.js';

const typeDefs = readFileSync(join(PROJECT_ROOT, 'schema', 'orders.graphql'), 'utf8');

/** Abandoned sessions are cancelled (and their gifts released) this often. */
export const EXPIRY_SWEEP_MS = 60_000;
/** Orders whose CRM answer was lost are looked for this often, and at start. */
export const RECONCILE_MS = 10_000;
const RECONCILE_MARGIN_MS = 1_000;

export async function createOrdersSubgraph({ db, clock, internalSecret, bus, handling }: SubgraphDeps) {
  const store = createStore(db);
  const outbox = smsOutbox(db);
  const graph = graphClient(handling.graphUrl, internalSecret);
  const crm = handling.crm ?? new CrmSimulator(handling.crmSimulator);
  const app = await buildSubgraphServer<Context>({
    name: 'orders',
    typeDefs,
    resolvers,
    internalSecret,
    context: (identity) => ({ identity, store, loaders: store.loaders(identity.city), service, graph, outbox, confirmationBase: handling.confirmationBaseUrl }),
  });
  // A CRM call cannot outlive the CRM's timeout; past it (with a margin) a SUBMITTED order lost its answer.
  const settings = { ...handling, reconcileAfterMs: handling.crmSimulator.timeoutMs + RECONCILE_MARGIN_MS };
  const service = createHandlingService({
    db,
    store,
    graph,
    crm,
    sms: handling.sms ?? outbox,
    bus,
    clock,
    settings,
    log: (msg, err) => app.log.error({ err }, msg),
  });
  await registerConfirmationPages(app, service);
  const sweep = setInterval(() => void service.expire().catch((err) => app.log.error({ err }, 'session expiry failed')), EXPIRY_SWEEP_MS);
  sweep.unref();
  const reconcile = () => void service.reconcile().catch((err) => app.log.error({ err }, 'order reconciliation failed'));
  // At start (orders a crash stranded) and then periodically (answers lost to a timeout).
  const reconciler = setInterval(reconcile, RECONCILE_MS);
  reconciler.unref();
  app.addHook('onReady', async () => reconcile());
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    clearInterval(reconciler);
  });
  return app;
}

export const orders: SubgraphModule = {
  name: 'orders',
  dbSchema: DB_SCHEMA,
  migrationsDir: join(PROJECT_ROOT, 'subgraphs', 'orders', 'migrations'),
  isEmpty: ordersIsEmpty,
  seed: seedOrders,
  truncate: truncateOrders,
  create: createOrdersSubgraph,
};
