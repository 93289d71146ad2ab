import { describe, expect, it } from 'vitest';
import { composeServices } from '@apollo/composition';
import { applyDenials, authorizeOperation, extractAuthorization } from '../../gateway/protection/authorization.js';
import { graphqlRuntime } from '../../gateway/graphql-runtime.js';

const { buildSchema, parse, print, Kind } = graphqlRuntime;

const SUBGRAPH = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@authenticated", "@requiresScopes"])
type Query { open: String  me: User @authenticated  users: [User!]! }
type User @key(fields: "id") { id: ID! name: String  salary: Int! @requiresScopes(scopes: [["hr:read"], ["admin", "audit"]])  manager: User  secret: Secret }
type Secret @authenticated { code: String }`;

function policyFixture() {
  const composed = composeServices([{ name: 'a', url: 'http://127.0.0.1:1/graphql', typeDefs: parse(SUBGRAPH) as never }]);
  if (composed.errors) throw composed.errors[0];
  return extractAuthorization(composed.supergraphSdl!);
}

describe('gateway authorization (@authenticated, @requiresScopes)', () => {
  const { sdl, policy } = policyFixture();
  const schema = buildSchema(
    `type Query { open: String me: User users: [User!]! } type User { id: ID! name: String salary: Int! manager: User secret: Secret } type Secret { code: String }`,
  );
  const run = (query: string, caller: { authenticated: boolean; scopes: string[] }) => {
    const document = parse(query);
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
    return authorizeOperation(schema, policy, document, operation as never, { authenticated: caller.authenticated, scopes: new Set(caller.scopes) });
  };

  it('reads the requirements and removes the security links @apollo/gateway cannot load', () => {
    expect(policy.requirements.get('Query.me')).toEqual({ authenticated: true, scopes: null });
    expect(policy.requirements.get('User.salary')).toEqual({ authenticated: true, scopes: [['hr:read'], ['admin', 'audit']] });
    expect(policy.requirements.get('Secret')).toEqual({ authenticated: true, scopes: null });
    expect(sdl).not.toMatch(/authenticated|requiresScopes/);
  });

  it('lets through what the caller may see, untouched', () => {
    expect(run('{ open users { name salary } }', { authenticated: true, scopes: ['hr:read'] })).toBeNull();
    expect(run('{ users { salary } }', { authenticated: true, scopes: ['admin', 'audit'] })).toBeNull();
  });

  it('takes out what needs authentication from an anonymous caller, keeping the rest', () => {
    const r = run('{ open me { name } users { name secret { code } } }', { authenticated: false, scopes: [] })!;
    expect(r.denials.map((d) => d.path)).toEqual([['me'], ['users', 'secret']]);
    expect(print(r.document!)).toBe(print(parse('{ open users { name } }')));
  });

  it('needs every scope of one alternative, and follows fragments to every path they are spread at', () => {
    const r = run('{ users { ...U manager { ...U } } } fragment U on User { name salary }', { authenticated: true, scopes: ['admin'] })!;
    expect(r.denials.map(({ path, nullAt }) => ({ path, nullAt }))).toEqual([
      { path: ['users', 'salary'], nullAt: 0 },
      { path: ['users', 'manager', 'salary'], nullAt: 2 },
    ]);
    expect(r.denials[0]).toMatchObject({ coordinate: 'User.salary' });
    expect(print(r.document!)).toBe(print(parse('{ users { ...U manager { ...U } } } fragment U on User { name }')));
  });

  it('puts null where each removed field was (its nullable ancestor for a non-null field) with an error at its path', () => {
    const r = run('{ users { name manager { name salary } } }', { authenticated: true, scopes: [] })!;
    const out = applyDenials(
      {
        data: {
          users: [
            { name: 'a', manager: { name: 'b' } },
            { name: 'c', manager: null },
          ],
        },
      },
      r.denials,
    );
    // salary is Int!: its parent manager (nullable) becomes null.
    expect(out.data).toEqual({
      users: [
        { name: 'a', manager: null },
        { name: 'c', manager: null },
      ],
    });
    expect(out.errors).toEqual([
      {
        message: expect.stringContaining('User.salary'),
        path: ['users', 'manager', 'salary'],
        extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: 'User.salary', requiredScopes: expect.any(Array) },
      },
    ]);
    // Nothing nullable up to the root: the whole data is null.
    const root = run('{ users { salary } }', { authenticated: true, scopes: [] })!;
    expect(root.document).toBeNull();
    expect(applyDenials({ data: {} }, root.denials).data).toBeNull();
  });
});
