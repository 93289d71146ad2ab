import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { today } from '../../lib/clock.js';
import { buildSubgraphServer } from '../../lib/subgraph/server.js';
import type { SubgraphDeps, SubgraphModule } from '../../lib/subgraph/runtime.js';
import type { Context } from './context.js';
import { resolvers } from './resolvers/index.js';
import { catalogIsEmpty, seedCatalog, truncateCatalog } from './seed.js';
import { createStore, DB_SCHEMA } from './store.js';

const typeDefs = readFileSync(fileURLToPath(new URL('../../schema/catalog.graphql', import.meta.url)), 'utf8');

export function createCatalogSubgraph({ db, clock, internalSecret }: SubgraphDeps) {
  const store = createStore(db);
  return buildSubgraphServer<Context>({
    name: 'catalog',
    typeDefs,
    resolvers,
    internalSecret,
    context: (identity) => {
      const day = today(clock);
      return { identity, today: day, store, loaders: store.loaders(identity.city, day) };
    },
  });
}

export const catalog: SubgraphModule = {
  name: 'catalog',
  dbSchema: DB_SCHEMA,
  migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
  isEmpty: catalogIsEmpty,
  seed: seedCatalog,
  truncate: truncateCatalog,
  create: createCatalogSubgraph,
};
