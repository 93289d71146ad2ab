import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/config.js';

/** Checked against the supergraph by codegen (codegen.yml): a schema change breaks the build, not the first screen. */
const EXAMPLE = readFileSync(join(PROJECT_ROOT, 'gateway', 'example-query.graphql'), 'utf8');

/**
 * The query GraphiQL opens with: one customer's insight plus a field from each other subgraph,
 * the customer's number as the variable's default so it runs as it stands.
 */
export function exampleQuery(msisdn: string): string {
  return EXAMPLE.replace('($msisdn: String!)', `($msisdn: String! = ${JSON.stringify(msisdn)})`);
}
