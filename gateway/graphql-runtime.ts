import { createRequire } from 'node:module';

/**
 * The graphql module @apollo/gateway and @apollo/server load (CommonJS). Our ESM `import` gets
 * graphql's .mjs build, a different realm: its TypeInfo or GraphQLError cannot touch the
 * gateway's schema ("Cannot use GraphQLObjectType from another module or realm"). Code that works
 * on the gateway's schema or documents takes graphql from here.
 */
const require = createRequire(import.meta.url);
export const graphqlRuntime = require('graphql') as typeof import('graphql');
