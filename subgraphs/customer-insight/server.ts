import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.js';
import { today } from '../../lib/clock.js';
import { buildSubgraphServer } from '../../lib/subgraph/server.js';
import type { SubgraphDeps, SubgraphModule } from '../../lib/subgraph/runtime.js';
import { resolvers } from './resolvers/index.js';
import { createStore, DB_SCHEMA } from './store.js';
import type { Context } from './context.js';
import { customerInsightIsEmpty, seedCustomerInsight, truncateCustomerInsight } from './seed.js';

const typeDefs = readFileSync(join(PROJECT_ROOT, 'schema', 'customer-insight.graphql'), 'utf8');

export function createCustomerInsightSubgraph({ db, clock, internalSecret }: SubgraphDeps) {
  const store = createStore(db);
  return buildSubgraphServer<Context>({
    name: 'customer-insight',
    typeDefs,
    resolvers,
    internalSecret,
    context: (identity) => {
      const day = today(clock);
      return { identity, today: day, store, loaders: store.loaders(day) };
    },
  });
}

export const customerInsight: SubgraphModule = {
  name: 'customer-insight',
  dbSchema: DB_SCHEMA,
  migrationsDir: join(PROJECT_ROOT, 'subgraphs', 'customer-insight', 'migrations'),
  isEmpty: customerInsightIsEmpty,
  seed: seedCustomerInsight,
  truncate: truncateCustomerInsight,
  create: createCustomerInsightSubgraph,
};
