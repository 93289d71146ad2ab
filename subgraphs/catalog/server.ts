import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.js';
import { today } from '../../lib/clock.js';
import { buildSubgraphServer } from '../../lib/subgraph/server.js';
import type { SubgraphDeps, SubgraphModule } from '../../lib/subgraph/runtime.js';
import type { Context } from './context.js';
import { LiveCatalog } from './live.js';
import { decodeCardId } from './domain/card-id.js';
import { recordOutcome } from './outcomes-store.js';
import { ORDER_COMPLETED_SUBJECT, type OrderCompletedData } from '../../lib/events/contracts.js';
import { resolvers } from './resolvers/index.js';
import { catalogIsEmpty, seedCatalog, truncateCatalog } from './seed.js';
import { createStore, DB_SCHEMA } from './store.js';

const typeDefs = readFileSync(join(PROJECT_ROOT, 'schema', 'catalog.graphql'), 'utf8');

/** How often an instance looks for a new catalogue or rule set: the bound on "within a second". */
export const LIVE_POLL_MS = 250;

export async function createCatalogSubgraph({ db, clock, internalSecret, bus }: SubgraphDeps) {
  const store = createStore(db);
  const liveCatalog = new LiveCatalog(db, clock, LIVE_POLL_MS);
  await liveCatalog.start();
  const cardSecret = createHmac('sha256', internalSecret).update('lingxi:recommendation-card').digest('base64url');
  const app = await buildSubgraphServer<Context>({
    name: 'catalog',
    typeDefs,
    resolvers,
    internalSecret,
    context: (identity) => {
      const day = today(clock);
      const live = liveCatalog.current;
      return { identity, today: day, store, loaders: store.loaders(identity.city, day, live.catalog.version), db, clock, live, liveCatalog, cardSecret };
    },
  });
  // Orders made from a card count towards 推荐办理率: the order subgraph says so on the bus.
  const orders = await bus.consume<OrderCompletedData>('catalog-orders', ORDER_COMPLETED_SUBJECT, async (e) => {
    if (!e.data.cardId) return;
    const ref = decodeCardId(e.data.cardId, cardSecret);
    if (!ref) return;
    await recordOutcome(db, e.data.cardId, ref, {
      outcome: 'ORDERED',
      reason: null,
      staffId: e.data.staffId,
      hall: e.data.hall,
      orderId: e.data.orderId,
      at: new Date(e.time),
    });
  });
  app.addHook('onClose', async () => {
    liveCatalog.stop();
    orders.close();
  });
  return app;
}

export const catalog: SubgraphModule = {
  name: 'catalog',
  dbSchema: DB_SCHEMA,
  migrationsDir: join(PROJECT_ROOT, 'subgraphs', 'catalog', 'migrations'),
  isEmpty: catalogIsEmpty,
  seed: seedCatalog,
  truncate: truncateCatalog,
  create: createCatalogSubgraph,
};
