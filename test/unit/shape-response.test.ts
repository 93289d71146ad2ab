import { buildSchema, operationFromDocument } from '@apollo/federation-internals';
import { computeResponse } from '@apollo/gateway/dist/resultShaping.js';
import { describe, expect, it } from 'vitest';
import { shapeResponse } from '../../gateway/execution/shape-response.js';
import { graphqlRuntime } from '../../gateway/graphql-runtime.js';

// Our shaping is compiled per operation; @apollo/gateway's computeResponse, which it replaced, is
// the reference: every case must come out the same, data and errors alike.
const schema = buildSchema(`
  type Query { shop: Shop shops: [Shop!] node(id: ID!): Node search: [Result!]! }
  interface Node { id: ID! }
  type Shop implements Node { id: ID! name: String! level: Level tags: [String!] items: [Item!]! count: Int price: Float open: Boolean }
  type Item implements Node { id: ID! sku: String! stock: Int }
  union Result = Shop | Item
  enum Level { GOLD SILVER }
`);

const cases: { name: string; query: string; input: Record<string, unknown>; variables?: Record<string, unknown> }[] = [
  {
    name: 'fields in the order asked, aliases, extra fields dropped',
    query: '{ shop { b: name id count } }',
    input: { shop: { __typename: 'Shop', id: 's1', b: '一厅', count: 3, extra: 1 } },
  },
  {
    name: 'a null for a non-null field bubbles to the nearest nullable one',
    query: '{ shop { id name } shops { id items { sku } } }',
    input: { shop: { id: 's1', name: null }, shops: [{ id: 's1', items: [{ sku: 'a' }, { sku: null }] }] },
  },
  {
    name: 'values that do not fit the schema become null with an error',
    query: '{ shop { id name level count price tags } }',
    input: { shop: { id: 7, name: 'x', level: 'BRONZE', count: 1.5, price: 'cheap', tags: ['a', 3] } },
  },
  {
    name: 'scalars at their edges: integers as GraphQL prints them, IDs as numbers, enums by name, booleans',
    query: '{ shops { count price open level id } }',
    input: {
      shops: [
        { id: 7, count: 2 ** 53, price: 3, open: true, level: 'SILVER' },
        { id: -0, count: -0, price: -1.5e300, open: false, level: 'GOLD' },
        { id: 1e21, count: 1e21, price: Number.POSITIVE_INFINITY, open: 'yes', level: 'gold' },
        { id: 1.5, count: '3', price: '1.5', open: 1, level: 2 },
        { id: true, count: true, price: false, open: null, level: null },
      ],
    },
  },
  {
    name: 'fragments apply by __typename, on interfaces and unions',
    query: '{ search { __typename ... on Shop { name } ... on Node { id } ... on Item { sku stock } } node(id: "i1") { id ...I } } fragment I on Item { sku }',
    input: {
      search: [
        { __typename: 'Shop', id: 's1', name: '一厅' },
        { __typename: 'Item', id: 'i1', sku: 'a', stock: null },
      ],
      node: { __typename: 'Item', id: 'i1', sku: 'a' },
    },
  },
  {
    name: 'a __typename the schema does not know is an error',
    query: '{ node(id: "x") { id } search { __typename } }',
    input: { node: { __typename: 'Ghost', id: 'x' }, search: [{ __typename: 'Shop' }] },
  },
  {
    name: '@skip and @include, by literal and by variable, with a default',
    query:
      'query($yes: Boolean!, $no: Boolean = false) { shop { id @skip(if: $yes) name @include(if: $no) count @include(if: true) ... on Shop @skip(if: $no) { level } } }',
    input: { shop: { id: 's1', name: 'x', count: 2, level: 'GOLD' } },
    variables: { yes: true },
  },
  {
    name: 'one response name asked twice is merged, not repeated',
    query: '{ shop { items { sku } ... on Shop { items { stock } } } }',
    input: { shop: { items: [{ sku: 'a', stock: 1 }] } },
  },
  {
    name: 'an alias __proto__ is a field like any other',
    query: '{ shop { __proto__: name id } }',
    input: { shop: JSON.parse('{"__proto__": "一厅", "id": "s1"}') },
  },
  {
    name: 'a missing root field is null',
    query: '{ shop { id } shops { id } }',
    input: { shops: null },
  },
];

describe('response shaping', () => {
  for (const c of cases) {
    it(`answers as @apollo/gateway does: ${c.name}`, () => {
      const operation = operationFromDocument(schema, graphqlRuntime.parse(c.query) as never, { validate: false });
      const expected = computeResponse({ operation, variables: c.variables ?? {}, input: structuredClone(c.input), introspectionHandling: () => null });
      const actual = shapeResponse(operation, c.variables ?? {}, structuredClone(c.input), () => null);
      expect(JSON.stringify(actual.data)).toBe(JSON.stringify(expected.data));
      expect(actual.errors.map((e) => [e.message, e.path, e.extensions.code])).toEqual(expected.errors.map((e) => [e.message, e.path, e.extensions.code]));
      // Asked twice (compiled the first time), the answer is the same.
      expect(JSON.stringify(shapeResponse(operation, c.variables ?? {}, structuredClone(c.input), () => null).data)).toBe(JSON.stringify(actual.data));
    });
  }
});
