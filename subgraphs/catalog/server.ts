import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.js';
import { today } from '../../lib/clock.js';
import { ORDER_COMPLETED_SUBJECT, type OrderCompletedData } from '../../lib/events/contracts.js';
import { busConsumer, every, subgraph, type Subgraph } from '../../lib/subgraph/lifecycle.js';
import type { CoreDeps, SubgraphModule } from '../../lib/subgraph/runtime.js';
import { buildSubgraphServer } from '../../lib/subgraph/server.js';
import type { Context } from './context.js';
import { decodeCardId } from './domain/card-id.js';
import { Learner } from './learning.js';
import { LiveCatalog } from './live.js';
import { resolvers } from './resolvers/index.js';
import { catalogIsEmpty, seedCatalog, truncateCatalog } from './seed.js';
import { catalogSettings, type CatalogSettings } from './settings.js';
import { createStore, DB_SCHEMA } from './store.js';

const typeDefs = readFileSync(join(PROJECT_ROOT, 'schema', 'catalog.graphql'), 'utf8');

export type CatalogDeps = CoreDeps & CatalogSettings;

export async function buildCatalogSubgraph({ db, clock, internalSecret, bus, livePollMs, learnPollMs }: CatalogDeps): Promise<Subgraph> {
  const store = createStore(db);
  const liveCatalog = new LiveCatalog(db, clock);
  const cardSecret = createHmac('sha256', internalSecret).update('lingxi:recommendation-card').digest('base64url');
  const learner = new Learner(db, cardSecret);
  const app = await buildSubgraphServer<Context>({
    name: 'catalog',
    typeDefs,
    resolvers,
    internalSecret,
    context: (identity) => {
      const day = today(clock);
      const live = liveCatalog.current;
      return { identity, today: day, store, loaders: store.loaders(identity.city, day, live.catalog.version), clock, live, liveCatalog, cardSecret, learner };
    },
  });
  const log = (msg: string, err: unknown) => app.log.error({ err }, msg);
  return subgraph('catalog', app, [
    every('live catalogue', livePollMs, () => liveCatalog.refresh(), log, 'await'),
    // Every outcome recorded, on any instance, reaches this instance's model within a second or two.
    every(
      'learning',
      learnPollMs,
      async () => {
        await learner.catchUp();
      },
      log,
      'await',
    ),
    // Orders made from a card count towards 推荐办理率: the order subgraph says so on the bus.
    busConsumer('card orders', () =>
      bus.consume<OrderCompletedData>('catalog-orders', ORDER_COMPLETED_SUBJECT, async (e) => {
        if (!e.data.cardId) return;
        const ref = decodeCardId(e.data.cardId, cardSecret);
        if (!ref) return;
        await store.outcomes.record(e.data.cardId, ref, {
          outcome: 'ORDERED',
          reason: null,
          staffId: e.data.staffId,
          hall: e.data.hall,
          orderId: e.data.orderId,
          at: new Date(e.time),
        });
      }),
    ),
  ]);
}

export const catalog: SubgraphModule<CatalogSettings> = {
  name: 'catalog',
  dbSchema: DB_SCHEMA,
  migrationsDir: join(PROJECT_ROOT, 'subgraphs', 'catalog', 'migrations'),
  isEmpty: catalogIsEmpty,
  seed: seedCatalog,
  truncate: truncateCatalog,
  settings: catalogSettings,
  build: buildCatalogSubgraph,
};
