import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type GraphQLSchema } from 'graphql';
import { PROJECT_ROOT } from '../../lib/config.js';
import { resolvers } from './resolvers/index.js';

const typeDefs = readFileSync(join(PROJECT_ROOT, 'schema', 'events.graphql'), 'utf8');

/**
 * The events subgraph, served inside the gateway process: it turns a bus event into the root of a
 * federated result. Its entity references (Customer by number, WarningOrder by id) are resolved by
 * the subgraphs that own them, in the same query plan as any query. Its context is `Context`.
 */
export function eventsSchema(): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers: resolvers as GraphQLResolverMap<unknown> });
}
