import type { FetchNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import { describe, expect, it } from 'vitest';
import { graphqlRuntime } from '../../gateway/graphql-runtime.js';
import { DistinctRepresentations } from '../../gateway/execution/representations.js';

const schema = graphqlRuntime.buildSchema(`
  type Query { media: [Media] }
  interface Media { id: ID! }
  type Book implements Media { id: ID! sku: String code: Code }
  type Code { one: String two: String }
`);
const field = (name: string, selections?: QueryPlanSelectionNode[]): QueryPlanSelectionNode => ({ kind: 'Field', name, selections });
const fetchRequiring = (typeCondition: string, ...selections: QueryPlanSelectionNode[]): FetchNode => ({
  kind: 'Fetch',
  serviceName: 's',
  requires: [{ kind: 'InlineFragment', typeCondition, selections }],
  operation: '',
  operationName: undefined,
  operationKind: 'query' as never,
});

function distinct(fetch: FetchNode, entities: Record<string, unknown>[]) {
  const d = new DistinctRepresentations(schema, fetch);
  entities.forEach((e, i) => {
    d.add(e, i);
  });
  return { representations: d.representations, keys: d.keys, groups: d.targets.map((t) => t.map((e) => entities.indexOf(e))), first: d.firstIndex };
}

describe('the distinct representations of one entity fetch', () => {
  const flat = fetchRequiring('Book', field('__typename'), field('id'), field('sku'));

  it('groups entities with the same key values, in the order reached', () => {
    const books = [
      { __typename: 'Book', id: '1', sku: 'a', title: 'x' },
      { __typename: 'Book', id: '2', sku: 'a' },
      { __typename: 'Book', id: '1', sku: 'a', title: 'y' },
      { __typename: 'Book', id: '1', sku: 'b' },
    ];
    expect(distinct(flat, books)).toEqual({
      representations: [
        { __typename: 'Book', id: '1', sku: 'a' },
        { __typename: 'Book', id: '2', sku: 'a' },
        { __typename: 'Book', id: '1', sku: 'b' },
      ],
      keys: ['{"__typename":"Book","id":"1","sku":"a"}', '{"__typename":"Book","id":"2","sku":"a"}', '{"__typename":"Book","id":"1","sku":"b"}'],
      groups: [[0, 2], [1], [3]],
      first: [0, 1, 3],
    });
  });

  it.each([
    [
      'a number is not the string of it',
      [
        { __typename: 'Book', id: 1, sku: null },
        { __typename: 'Book', id: '1', sku: null },
      ],
      [[0], [1]],
    ],
    [
      'null is a value like any other',
      [
        { __typename: 'Book', id: '1', sku: null },
        { __typename: 'Book', id: '1', sku: null },
      ],
      [[0, 1]],
    ],
    [
      'an entity missing a key field is not sent',
      [
        { __typename: 'Book', id: '1' },
        { __typename: 'Book', id: '1', sku: 'a' },
      ],
      [[1]],
    ],
    [
      'an object value (a custom scalar) is compared by its JSON',
      [
        { __typename: 'Book', id: '1', sku: { v: 1 } },
        { __typename: 'Book', id: '1', sku: { v: 1 } },
        { __typename: 'Book', id: '1', sku: 'a' },
      ],
      [[0, 1], [2]],
    ],
  ])('%s', (_name, entities, groups) => {
    expect(distinct(flat, entities).groups).toEqual(groups);
  });

  it('tells apart nested key fields and types reached through an interface by their JSON', () => {
    const nested = fetchRequiring('Book', field('__typename'), field('code', [field('one'), field('two')]));
    const books = [
      { __typename: 'Book', code: { one: 'a', two: 'b' } },
      { __typename: 'Book', code: { one: 'a', two: 'b' } },
      { __typename: 'Book', code: { one: 'a', two: 'c' } },
    ];
    expect(distinct(nested, books).groups).toEqual([[0, 1], [2]]);
    const viaInterface = fetchRequiring('Media', field('__typename'), field('id'));
    expect(
      distinct(viaInterface, [
        { __typename: 'Book', id: '1' },
        { __typename: 'Book', id: '1' },
        { __typename: 'Book', id: '2' },
      ]),
    ).toMatchObject({
      representations: [
        { __typename: 'Book', id: '1' },
        { __typename: 'Book', id: '2' },
      ],
      groups: [[0, 1], [2]],
    });
  });
});
