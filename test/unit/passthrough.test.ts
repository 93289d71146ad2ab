import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { describe, expect, it } from 'vitest';
import { isPlainData, passthroughFetch } from '../../gateway/execution/passthrough.js';
import { graphqlRuntime } from '../../gateway/graphql-runtime.js';
import { extractAuthorization } from '../../gateway/protection/authorization.js';
import { SUPERGRAPH_FILE } from '../../lib/compose.js';

const supergraph = Supergraph.build(extractAuthorization(readFileSync(SUPERGRAPH_FILE, 'utf8')).sdl, { validateSupergraph: true });
const apiSchema = supergraph.apiSchema();
const planner = new QueryPlanner(supergraph);
const api = apiSchema.toGraphQLJSSchema();
const full = supergraph.schema.toGraphQLJSSchema();

function direct(query: string) {
  const document = graphqlRuntime.parse(query);
  const plan = planner.buildQueryPlan(operationFromDocument(apiSchema, document, {}));
  return passthroughFetch(plan, document, graphqlRuntime.getOperationAST(document)!, api, full);
}

describe('answers a subgraph gives exactly as the client asked', () => {
  it('sends on a one-subgraph query asked field for field, with aliases, arguments, enums and lists', () => {
    const fetch = direct(
      'query One($m: String!) { c: customer(msisdn: $m) { id name segment tags city { code name } red: holdings(labels: [RED]) { name expiryLabel } } }',
    );
    expect(fetch?.serviceName).toBe('customer-insight');
  });

  it('shapes everything else itself', () => {
    // Fragments, directives and __typename the gateway resolves or rewrites.
    expect(direct('query { halls { ...H } } fragment H on Hall { code }')).toBeNull();
    expect(direct('query { halls { ... on Hall { code } } }')).toBeNull();
    expect(direct('query($x: Boolean!) { halls { code @include(if: $x) } }')).toBeNull();
    expect(direct('query { halls { __typename code } }')).toBeNull();
    // Another subgraph's field: entities and a second fetch.
    expect(direct('query($m: String!) { customer(msisdn: $m) { id activeWarningCount } }')).toBeNull();
  });

  it('takes as plain data only an answer with data and no errors or extensions', () => {
    expect(isPlainData('{"data":{"halls":[{"code":"h1"}]}}')).toBe(true);
    expect(isPlainData('{"data":{"x":"a \\"errors\\": b"}}')).toBe(true);
    expect(isPlainData('{"data":{"customer":null},"errors":[{"message":"x"}]}')).toBe(false);
    expect(isPlainData('{"data":null}')).toBe(false);
    expect(isPlainData('{"data":{"a":1},"extensions":{"cost":1}}')).toBe(false);
  });
});
