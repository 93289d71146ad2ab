import { describe, expect, it } from 'vitest';
import { graphqlRuntime } from '../../gateway/graphql-runtime.js';
import { clientPath, requiredFields, restoreClientNames, separateRequiredFields } from '../../gateway/execution/required-field-conflicts.js';

const { buildSchema, parse, print } = graphqlRuntime;

// A supergraph in miniature: Customer.score requires holdings (all of them).
const supergraph = buildSchema(`
  directive @join__field(graph: String, requires: String, external: Boolean) repeatable on FIELD_DEFINITION
  type Query { customers: [Customer!]! }
  type Customer {
    holdings(labels: [String!]): [Holding!]!
    score: Int @join__field(graph: "catalog", requires: "holdings { end }")
    name: String
  }
  type Holding { end: String name: String }
`);
const required = requiredFields(supergraph);

describe('keeping the client’s fields apart from what @requires selects', () => {
  it('reads each required field, at any depth, with the arguments it is required with', () => {
    expect(required).toEqual(
      new Map([
        ['Customer.holdings', new Set([''])],
        ['Holding.end', new Set([''])],
      ]),
    );
  });

  it('aliases only a client field whose arguments differ, in fragments too', () => {
    const same = parse('{ customers { holdings { name } score } }');
    expect(separateRequiredFields(same, supergraph, required, undefined).document).toBe(same);
    const own = parse('{ customers { mine: holdings(labels: ["RED"]) { name } score } }');
    expect(separateRequiredFields(own, supergraph, required, undefined).tree).toBeNull();
    const { document, tree, names } = separateRequiredFields(
      parse('{ customers { ...F score } } fragment F on Customer { holdings(labels: ["RED"]) { name } }'),
      supergraph,
      required,
      undefined,
    );
    expect(print(document)).toContain('holdings__lx_own0: holdings(labels: ["RED"])');
    expect(tree).toEqual({ customers: { below: { holdings__lx_own0: { restore: 'holdings' } } } });
    expect(names).toEqual(new Map([['holdings__lx_own0', 'holdings']]));
  });

  it('puts the client’s value back, and drops the @requires copy when the client’s value never came', () => {
    const { tree, names } = separateRequiredFields(parse('{ customers { holdings(labels: ["RED"]) { name } score } }'), supergraph, required, undefined);
    const merged = {
      customers: [
        { holdings: [{ end: 'a' }, { end: 'b' }], holdings__lx_own0: [{ name: 'red' }], score: 2 },
        { holdings: [{ end: 'c' }], score: 1 },
      ],
    };
    restoreClientNames(merged, tree!);
    expect(merged.customers[0].holdings).toEqual([{ name: 'red' }]);
    expect(merged.customers[1]).toEqual({ score: 1 });
    expect(clientPath(['customers', 1, 'holdings__lx_own0', 0], names)).toEqual(['customers', 1, 'holdings', 0]);
  });
});
