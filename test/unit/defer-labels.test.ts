import { composeServices } from '@apollo/composition';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { describe, expect, it } from 'vitest';
import { labelDefers } from '../../gateway/execution/defer-labels.js';
import { deferredFragments } from '../../gateway/execution/shape-response.js';
import { graphqlRuntime } from '../../gateway/graphql-runtime.js';

const { parse, print } = graphqlRuntime;

const apiSchema = (() => {
  const composed = composeServices([
    {
      name: 'shop',
      url: 'http://shop/graphql',
      typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type Query { products: [Product!]! }
        type Product @key(fields: "id") { id: ID! name: String! stock: Int! maker: Maker! }
        type Maker { name: String! city: String! }`) as never,
    },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  return Supergraph.build(composed.supergraphSdl!).apiSchema();
})();

describe('labelling @defer for the planner', () => {
  it('leaves a document without @defer alone', () => {
    expect(labelDefers(parse('{ products { id } }'), undefined)).toBeNull();
  });

  it('writes fragments inline and gives each place a label of its own, keeping the client’s', () => {
    const labelled = labelDefers(
      parse(`query Q { products { ...Stock maker { ...M } } more: products { ...Stock } }
        fragment Stock on Product { ... @defer(label: "stock") { stock } }
        fragment M on Maker { ... @defer { city } }`),
      'Q',
    )!;
    const text = print(labelled.document);
    expect(text).not.toMatch(/fragment|\.\.\.Stock|\.\.\.M\b/);
    // The fragment spread twice holds one directive: the same client label, two places.
    expect([...labelled.clientLabels]).toEqual([
      ['lingxiDefer0', 'stock'],
      ['lingxiDefer1', undefined],
      ['lingxiDefer2', 'stock'],
    ]);
    expect(text.match(/@defer\(label: "lingxiDefer\d"\)/g)).toHaveLength(3);
  });

  it.each([
    ['a label used by two @defer', '{ products { ... @defer(label: "x") { id } ... @defer(label: "x") { name } } }', /used twice/],
    ['a label that is not a literal', 'query ($l: String) { products { ... @defer(label: $l) { id } } }', /string literal/],
  ])('refuses %s', (_case, query, message) => {
    expect(() => labelDefers(parse(query), undefined)).toThrow(message);
  });
});

describe('the deferred fragments of an operation', () => {
  const fragmentsOf = (query: string, variables: Record<string, unknown> = {}) => {
    const labelled = labelDefers(parse(query), undefined)!;
    const operation = operationFromDocument(apiSchema, labelled.document, { validate: false });
    return deferredFragments(operation, variables).map(({ label, path, parentType, parent }) => ({ label, path, parentType, parent }));
  };

  it('knows where each sits and which deferred fragment it sits in', () => {
    expect(fragmentsOf('{ products { id ... @defer { name maker { ... @defer { city } } } } }')).toEqual([
      { label: 'lingxiDefer1', path: ['products', 'maker'], parentType: 'Maker', parent: 'lingxiDefer0' },
      { label: 'lingxiDefer0', path: ['products'], parentType: 'Product', parent: null },
    ]);
  });

  it('keeps a fragment whose if is false in its parent part, and the fragments inside it look past it', () => {
    const query = 'query ($d: Boolean!) { products { ... @defer(if: $d) { name maker { ... @defer { city } } } } }';
    expect(fragmentsOf(query, { d: false })).toEqual([{ label: 'lingxiDefer1', path: ['products', 'maker'], parentType: 'Maker', parent: null }]);
    expect(fragmentsOf(query, { d: true }).map((f) => f.parent)).toEqual(['lingxiDefer0', null]);
  });
});
