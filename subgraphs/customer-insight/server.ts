import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.js';
import { today } from '../../lib/clock.js';
import { ORDER_COMPLETED_SUBJECT, type OrderCompletedData } from '../../lib/events/contracts.js';
import { busConsumer, subgraph, type Subgraph } from '../../lib/subgraph/lifecycle.js';
import type { CoreDeps, SubgraphModule } from '../../lib/subgraph/runtime.js';
import { buildSubgraphServer } from '../../lib/subgraph/server.js';
import type { Context } from './context.js';
import { resolvers } from './resolvers/index.js';
import { customerInsightIsEmpty, seedCustomerInsight, truncateCustomerInsight } from './seed.js';
import { createStore, DB_SCHEMA } from './store.js';

const typeDefs = readFileSync(join(PROJECT_ROOT, 'schema', 'customer-insight.graphql'), 'utf8');

/** Customer insight reads its own tables and hears of completed orders on the bus. */
export type CustomerInsightDeps = Pick<CoreDeps, 'db' | 'clock' | 'internalSecret' | 'bus'>;

export async function buildCustomerInsightSubgraph({ db, clock, internalSecret, bus }: CustomerInsightDeps): Promise<Subgraph> {
  const store = createStore(db);
  const app = await buildSubgraphServer<Context>({
    name: 'customer-insight',
    typeDefs,
    resolvers,
    internalSecret,
    context: (identity) => {
      const day = today(clock);
      return { identity, today: day, store, loaders: store.loaders(day) };
    },
  });
  return subgraph('customer-insight', app, [
    // An order the CRM completed changes the customer: the next picture and cards show the new holding.
    busConsumer('order changes', () =>
      bus.consume<OrderCompletedData>('customer-insight-orders', ORDER_COMPLETED_SUBJECT, async (e) => {
        if (e.data.change) await store.applyOrder(e.data);
      }),
    ),
  ]);
}

export const customerInsight: SubgraphModule<Record<string, never>> = {
  name: 'customer-insight',
  dbSchema: DB_SCHEMA,
  migrationsDir: join(PROJECT_ROOT, 'subgraphs', 'customer-insight', 'migrations'),
  isEmpty: customerInsightIsEmpty,
  seed: seedCustomerInsight,
  truncate: truncateCustomerInsight,
  settings: () => ({}),
  build: buildCustomerInsightSubgraph,
};
