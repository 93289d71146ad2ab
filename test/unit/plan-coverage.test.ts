import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type QueryPlan } from '@apollo/query-planner';
import type { DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { unplannedField } from '../../gateway/execution/plan-coverage.js';
import { graphqlRuntime } from '../../gateway/graphql-runtime.js';
import { extractAuthorization } from '../../gateway/protection/authorization.js';
import { SUPERGRAPH_FILE } from '../../lib/compose.js';
import { PROJECT_ROOT } from '../../lib/config.js';

const { parse, Kind } = graphqlRuntime;
const supergraph = Supergraph.build(extractAuthorization(readFileSync(SUPERGRAPH_FILE, 'utf8')).sdl, { validateSupergraph: true });
const apiSchema = supergraph.apiSchema();
const planner = new QueryPlanner(supergraph, { incrementalDelivery: { enableDefer: true } });
const plan = (document: DocumentNode, operationName?: string) => planner.buildQueryPlan(operationFromDocument(apiSchema, document, { operationName }));

/** A root fetch selecting `selection`. */
const rootFetch = (selection: string): FetchNode => ({
  kind: 'Fetch',
  serviceName: 's',
  operation: `{${selection}}`,
  operationName: undefined,
  operationKind: 'query' as never,
  variableUsages: [],
});
const fetching = (selection: string): QueryPlan => ({ kind: 'QueryPlan', node: rootFetch(selection) });

describe('a field of the operation that no fetch of its plan brings back', () => {
  it('finds none in any operation the project sends', () => {
    const files = [
      ...['alerts', 'catalog', 'customer', 'experiments', 'handling', 'hardening', 'recommendation'].map((f) => `test/operations/${f}.graphql`),
      'mcp/operations.graphql',
      'gateway/example-query.graphql',
      'subgraphs/orders/graph-operations.graphql',
      'subgraphs/alerts/graph-operations.graphql',
    ];
    let checked = 0;
    for (const file of files) {
      const document = parse(readFileSync(join(PROJECT_ROOT, file), 'utf8'));
      for (const d of document.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION || d.operation === 'subscription') continue;
        expect([file, d.name?.value, unplannedField(plan(document, d.name?.value), document, d.name?.value)]).toEqual([file, d.name?.value, null]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it.each([
    ['everything fetched', '{ a { b c } }', 'a { b c }', null],
    ['a leaf left out', '{ a { b c } }', 'a { b }', ['a', 'c']],
    ['a whole root field left out, named by its first leaf', '{ a { b } x { y { z } } }', 'a { b }', ['x', 'y', 'z']],
    ['client aliases are response names', '{ one: a { b } }', 'one: a { b }', null],
    ['an alias the planner chose is renamed back', '{ a { b } }', 'a { b__alias_0: b }', null],
    ['__typename is the gateway’s', '{ a { __typename b } }', 'a { b }', null],
    ['introspection is the gateway’s', '{ __schema { queryType { name } } a { b } }', 'a { b }', null],
    ['under @skip or @include the plan may leave it out', '{ a { b c @include(if: false) ... @skip(if: true) { d } } }', 'a { b }', null],
    ['fragments are spread in', '{ a { ...F } } fragment F on A { b c }', 'a { b }', ['a', 'c']],
  ])('%s', (_name, operation, selection, expected) => {
    expect(unplannedField(fetching(selection), parse(operation), undefined)).toEqual(expected);
  });

  it('counts entity fetches at their path, lists stepped through, and deferred parts', () => {
    const document = parse('{ a { b { c d } } }');
    const entities = (service: string, fields: string) => ({
      kind: 'Fetch' as const,
      serviceName: service,
      requires: [{ kind: 'InlineFragment' as const, typeCondition: 'B', selections: [{ kind: 'Field' as const, name: 'c' }] }],
      operation: `query($representations:[_Any!]!){_entities(representations:$representations){...on B{${fields}}}}`,
      operationName: undefined,
      operationKind: 'query' as never,
      variableUsages: [],
    });
    const root = rootFetch('a { b { c } }');
    const sequence: QueryPlan = {
      kind: 'QueryPlan',
      node: { kind: 'Sequence', nodes: [root, { kind: 'Flatten', path: ['a', 'b', '@'], node: entities('t', 'd') }] },
    };
    expect(unplannedField(sequence, document, undefined)).toBeNull();
    expect(unplannedField({ kind: 'QueryPlan', node: root }, document, undefined)).toEqual(['a', 'b', 'd']);
    const deferred: QueryPlan = {
      kind: 'QueryPlan',
      node: {
        kind: 'Defer',
        primary: { subselection: '', node: root },
        deferred: [{ depends: [], label: 'x', queryPath: [], subselection: '', node: { kind: 'Flatten', path: ['a', 'b', '@'], node: entities('t', 'd') } }],
      },
    };
    expect(unplannedField(deferred, document, undefined)).toBeNull();
  });
});
