import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphServer } from '../../lib/subgraph/server.js';
import type { SubgraphDeps, SubgraphModule } from '../../lib/subgraph/runtime.js';
import type { Context } from './context.js';
import { resolvers } from './resolvers/index.js';
import { ordersIsEmpty, seedOrders, truncateOrders } from './seed.js';
import { createStore, DB_SCHEMA } from './store.js';

const typeDefs = readFileSync(fileURLToPath(new URL('../../schema/orders.graphql', import.meta.url)), 'utf8');

export function createOrdersSubgraph({ db, internalSecret }: SubgraphDeps) {
  const store = createStore(db);
  return buildSubgraphServer<Context>({
    name: 'orders',
    typeDefs,
    resolvers,
    internalSecret,
    context: (identity) => ({ identity, store, loaders: store.loaders(identity.city) }),
  });
}

export const orders: SubgraphModule = {
  name: 'orders',
  dbSchema: DB_SCHEMA,
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  isEmpty: ordersIsEmpty,
  seed: seedOrders,
  truncate: truncateOrders,
  create: createOrdersSubgraph,
};
