import { describe, expect, it, vi } from 'vitest';
import type { PlanNode, QueryPlan } from '@apollo/query-planner';
import type { FieldNode, InlineFragmentNode, OperationDefinitionNode, VariableNode } from 'graphql';
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

/** An Item's representation: its type and key. */
const itemKey = [
  {
    kind: 'InlineFragment' as const,
    typeCondition: 'Item',
    selections: [
      { kind: 'Field' as const, name: '__typename' },
      { kind: 'Field' as const, name: 'id' },
    ],
  },
];

/** The first fetch of a plan: the shop, from the shops subgraph. */
const shopsFetch = (operation: string, variableUsages: string[] = []) => ({
  kind: 'Fetch' as const,
  serviceName: 'shops',
  variableUsages,
  operation,
  operationName: undefined,
  operationKind: 'query' as never,
});

const plan: QueryPlan = {
  kind: 'QueryPlan',
  node: {
    kind: 'Sequence',
    nodes: [
      shopsFetch('query($city:String){shop(city:$city){name items{__typename id}}}', ['city']),
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
          requires: itemKey,
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

describe('entity fetches of one turn to one subgraph', () => {
  const shopSchema = graphqlRuntime.buildSchema(`
    type Query { shop: Shop }
    type Shop { items: [Item] top: Item }
    type Item { id: ID! price: Int stock: Int }
  `);
  const entityFetch = (name: string, field: string) => ({
    kind: 'Fetch' as const,
    serviceName: 'prices',
    variableUsages: [],
    operationName: name,
    operationKind: 'query' as never,
    operation: `query ${name}($representations:[_Any!]!){_entities(representations:$representations){...on Item{${field}}}}`,
    requires: itemKey,
  });
  const batchPlan: QueryPlan = {
    kind: 'QueryPlan',
    node: {
      kind: 'Sequence',
      nodes: [
        shopsFetch('{shop{items{__typename id} top{__typename id}}}'),
        {
          kind: 'Parallel',
          nodes: [
            { kind: 'Flatten', path: ['shop', 'items', '@'], node: entityFetch('A', 'price') },
            { kind: 'Flatten', path: ['shop', 'top'], node: entityFetch('B', 'price') },
            { kind: 'Flatten', path: ['shop', 'items', '@'], node: entityFetch('C', 'stock') },
          ],
        },
      ],
    },
  };
  const prices: Record<string, number> = { a: 10, c: 30 };
  /** A subgraph that answers each aliased `_entities` of an operation from its own representations. */
  const answering = source((call) => {
    const document = graphqlRuntime.parse(call.query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    const data: Record<string, unknown> = {};
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== 'Field') continue;
      const variable = (selection.arguments![0].value as VariableNode).name.value;
      const fields = (selection.selectionSet!.selections[0] as InlineFragmentNode).selectionSet.selections.map((s) => (s as FieldNode).name.value);
      data[selection.alias?.value ?? selection.name.value] = (call.variables[variable] as { id: string }[]).map((r) =>
        Object.fromEntries(fields.map((f) => [f, f === 'price' ? prices[r.id] : f === 'stock' && r.id === 'c' ? null : 5])),
      );
    }
    // The stock of item c fails: in a merged answer its path is under the alias that asked it.
    const stockAlias = Object.keys(data).find(
      (alias) => (data[alias] as Record<string, unknown>[])[0] && 'stock' in (data[alias] as Record<string, unknown>[])[0],
    );
    return { data, errors: stockAlias ? [{ message: 'no stock', path: [stockAlias, 1, 'stock'] }] : [] };
  });

  it('go as one request, a selection asked twice under one alias with its representations once, and every path gets its own answer', async () => {
    const shops = source(() => ({
      data: {
        shop: {
          items: [
            { __typename: 'Item', id: 'a' },
            { __typename: 'Item', id: 'c' },
          ],
          top: { __typename: 'Item', id: 'a' },
        },
      },
    }));
    answering.calls.length = 0;
    const { data, errors } = await executePlan(batchPlan, {
      sources: new Map([
        ['shops', shops.s],
        ['prices', answering.s],
      ]),
      supergraphSchema: shopSchema,
      variableDefinitions: undefined as never,
      variables: {},
      context: {} as GatewayContext,
    });
    expect(answering.calls).toHaveLength(1);
    const ids = (key: string) => (answering.calls[0].variables[key] as { id: string }[]).map((r) => r.id);
    // A (items) and B (top) ask the same: one alias, item a once; C asks stock under its own.
    expect([ids('r0'), ids('r1')]).toEqual([
      ['a', 'c'],
      ['a', 'c'],
    ]);
    expect(data).toEqual({
      shop: {
        items: [
          { __typename: 'Item', id: 'a', price: 10, stock: 5 },
          { __typename: 'Item', id: 'c', price: 30, stock: null },
        ],
        top: { __typename: 'Item', id: 'a', price: 10 },
      },
    });
    expect(errors.map((e) => [e.message, e.path])).toEqual([['no stock', ['shop', 'items', 1, 'stock']]]);
  });
});

describe('entity fetches in waves', () => {
  const schema = graphqlRuntime.buildSchema(`
    type Query { shop: Shop other: Shop }
    type Shop { items: [Item] }
    type Item { id: ID! price: Int }
  `);
  const branch = (root: string): PlanNode => ({
    kind: 'Sequence',
    nodes: [
      { ...shopsFetch(`{${root}{items{__typename id}}}`), serviceName: root },
      {
        kind: 'Flatten',
        path: [root, 'items', '@'],
        node: {
          kind: 'Fetch',
          serviceName: 'prices',
          variableUsages: [],
          operationName: `${root}Prices`,
          operationKind: 'query' as never,
          operation: `query ${root}Prices($representations:[_Any!]!){_entities(representations:$representations){...on Item{price}}}`,
          requires: itemKey,
        },
      },
    ],
  });
  const wavePlan: QueryPlan = { kind: 'QueryPlan', node: { kind: 'Parallel', nodes: [branch('shop'), branch('other')] } };
  /** Prices for whatever it is asked: one fetch's representations, or a merged operation's under r0. */
  const prices = () =>
    source((call) => {
      const asked = (call.variables.r0 ?? call.variables.representations) as unknown[];
      return { data: { [call.variables.r0 ? '_0' : '_entities']: asked.map(() => ({ price: 1 })) } };
    });

  /** Two root subgraphs, the second answering only when released. */
  function roots() {
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const answer = (root: string, id: string) => ({ data: { [root]: { items: [{ __typename: 'Item', id }] } } });
    return {
      release,
      shop: source(() => answer('shop', 'a')),
      other: { s: { process: async () => (await released, answer('other', 'b')) } as SubgraphSource },
    };
  }
  const execute = (r: ReturnType<typeof roots>, p: ReturnType<typeof prices>) =>
    executePlan(wavePlan, {
      sources: new Map<string, SubgraphSource>([
        ['shop', r.shop.s],
        ['other', r.other.s],
        ['prices', p.s],
      ]),
      supergraphSchema: schema,
      variableDefinitions: undefined as never,
      variables: {},
      context: {} as GatewayContext,
    });

  it('holds a branch’s next fetch until the other branch’s fetch lands, then sends both as one', async () => {
    const r = roots();
    const p = prices();
    const done = execute(r, p);
    r.release();
    const { data } = await done;
    expect(p.calls).toHaveLength(1);
    // The two fetches ask the same selection: one alias, both items.
    expect(p.calls[0].variables.r0).toEqual([
      { __typename: 'Item', id: 'a' },
      { __typename: 'Item', id: 'b' },
    ]);
    expect(data).toEqual({ shop: { items: [{ __typename: 'Item', id: 'a', price: 1 }] }, other: { items: [{ __typename: 'Item', id: 'b', price: 1 }] } });
  });

  it('sends a held fetch anyway when the other branch is slow', async () => {
    const r = roots();
    const p = prices();
    const done = execute(r, p);
    await vi.waitFor(() => expect(p.calls).toHaveLength(1), { timeout: 2000, interval: 5 });
    r.release();
    await done;
    expect(p.calls).toHaveLength(2);
  });
});

describe('an alias __proto__', () => {
  it('is merged as a field of its own, and Object.prototype is never touched', async () => {
    // Answers as a subgraph sends them, parsed from JSON: `__proto__` is an own property there.
    const shops = source(() => JSON.parse('{"data":{"shop":{"name":"Hall 1","items":[{"__typename":"Item","id":"a"}]}}}'));
    const prices = source(() => JSON.parse('{"data":{"_entities":[{"__proto__":{"polluted":true},"price":10}]}}'));
    const { data } = await run({ shops: shops.s, prices: prices.s });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const item = (data.shop as { items: Record<string, unknown>[] }).items[0];
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(Object.hasOwn(item, '__proto__')).toBe(true);
    expect(JSON.stringify(item)).toBe('{"__typename":"Item","id":"a","__proto__":{"polluted":true},"price":10}');
  });
});
