import { describe, expect, it } from 'vitest';
import type { QueryPlan } from '@apollo/query-planner';
import type { GatewayContext } from '../../gateway/context.js';
import type { SubgraphCall, SubgraphSource } from '../../gateway/datasource.js';
import { executePlan } from '../../gateway/execution/plan-executor.js';
import { graphqlRuntime } from '../../gateway/graphql-runtime.js';

// Plans are written by hand here, in the shape @apollo/query-planner produces: the executor's
// own logic (cursors, representations, merging, error paths) is what is under test.
const schema = graphqlRuntime.buildSchema(`
  type Query { shop: Shop }
  type Shop { name: String items: [Item] }
  type Item { id: ID! price: Int stock: Int }
`);

/** A subgraph answering from a function, recording what it was asked. */
function source(
  answer: (call: SubgraphCall) => {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  },
) {
  const calls: SubgraphCall[] = [];
  const s: SubgraphSource = {
    async process(call) {
      calls.push(call);
      return answer(call);
    },
  };
  return { s, calls };
}

const plan: QueryPlan = {
  kind: 'QueryPlan',
  node: {
    kind: 'Sequence',
    nodes: [
      {
        kind: 'Fetch',
        serviceName: 'shops',
        variableUsages: ['city'],
        operation: 'query($city:String){shop(city:$city){name items{__typename id}}}',
        operationName: undefined,
        operationKind: 'query' as never,
      },
      {
        kind: 'Flatten',
        path: ['shop', 'items', '@'],
        node: {
          kind: 'Fetch',
          serviceName: 'prices',
          variableUsages: [],
          operationName: undefined,
          operationKind: 'query' as never,
          operation: 'query($representations:[_Any!]!){_entities(representations:$representations){...on Item{price stock}}}',
          requires: [
            {
              kind: 'InlineFragment',
              typeCondition: 'Item',
              selections: [
                { kind: 'Field', name: '__typename' },
                { kind: 'Field', name: 'id' },
              ],
            },
          ],
        },
      },
    ],
  },
};

const run = (sources: Record<string, SubgraphSource>, variables: Record<string, unknown> = {}) =>
  executePlan(plan, {
    sources: new Map(Object.entries(sources)),
    supergraphSchema: schema,
    variableDefinitions: undefined as never,
    variables,
    context: {} as GatewayContext,
  });

describe('the plan executor', () => {
  it('feeds an entity fetch the representations of what the first fetch returned, skipping nulls, and merges the answers in place', async () => {
    const shops = source(() => ({ data: { shop: { name: 'Hall 1', items: [{ __typename: 'Item', id: 'a' }, null, { __typename: 'Item', id: 'c' }] } } }));
    const prices = source((call) => ({
      data: { _entities: (call.variables.representations as { id: string }[]).map((r) => ({ price: r.id === 'a' ? 10 : 30, stock: 1 })) },
    }));
    const { data, errors } = await run({ shops: shops.s, prices: prices.s }, { city: 'zhenjiang', unused: 1 });
    expect(errors).toEqual([]);
    expect(shops.calls[0].variables).toEqual({ city: 'zhenjiang' });
    expect(prices.calls[0].variables.representations).toEqual([
      { __typename: 'Item', id: 'a' },
      { __typename: 'Item', id: 'c' },
    ]);
    expect(data).toEqual({
      shop: { name: 'Hall 1', items: [{ __typename: 'Item', id: 'a', price: 10, stock: 1 }, null, { __typename: 'Item', id: 'c', price: 30, stock: 1 }] },
    });
  });

  it('moves an entity error to the item it belongs to in the client’s result, and names the subgraph', async () => {
    // A null, and an object the fetch's type condition does not select: neither is represented.
    const shops = source(() => ({
      data: { shop: { name: 'Hall 1', items: [{ __typename: 'Item', id: 'a' }, { __typename: 'Voucher', id: 'v' }, null, { __typename: 'Item', id: 'c' }] } },
    }));
    // The second representation (item "c", index 3 in the list) fails.
    const prices = source(() => ({
      data: { _entities: [{ price: 10, stock: 1 }, null] },
      errors: [{ message: 'no price', path: ['_entities', 1, 'price'], extensions: { code: 'NOT_FOUND' } }],
    }));
    const { errors } = await run({ shops: shops.s, prices: prices.s });
    expect(prices.calls[0].variables.representations).toHaveLength(2);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toEqual(['shop', 'items', 3, 'price']);
    expect(errors[0].extensions).toEqual({ code: 'NOT_FOUND', serviceName: 'prices' });
  });

  it('keeps a root fetch’s error path and gives an uncoded subgraph error a code', async () => {
    const shops = source(() => ({ data: { shop: null }, errors: [{ message: 'boom', path: ['shop'] }] }));
    const prices = source(() => ({ data: null }));
    const { data, errors } = await run({ shops: shops.s, prices: prices.s });
    expect(data).toEqual({ shop: null });
    expect(prices.calls).toHaveLength(0);
    expect(errors.map((e) => [e.path, e.extensions])).toEqual([[['shop'], { serviceName: 'shops', code: 'DOWNSTREAM_SERVICE_ERROR' }]]);
  });

  it('reports a subgraph that answers the wrong number of entities, and merges none of them', async () => {
    const shops = source(() => ({
      data: {
        shop: {
          name: 'Hall 1',
          items: [
            { __typename: 'Item', id: 'a' },
            { __typename: 'Item', id: 'b' },
          ],
        },
      },
    }));
    const prices = source(() => ({ data: { _entities: [{ price: 10 }] } }));
    const { data, errors } = await run({ shops: shops.s, prices: prices.s });
    expect(errors[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', reason: 'BAD_RESPONSE', serviceName: 'prices' });
    expect(data).toEqual({
      shop: {
        name: 'Hall 1',
        items: [
          { __typename: 'Item', id: 'a' },
          { __typename: 'Item', id: 'b' },
        ],
      },
    });
  });
});
