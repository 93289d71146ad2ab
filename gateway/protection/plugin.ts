import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { createRequire } from 'node:module';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode, VariableDefinitionNode } from 'graphql';
import { ErrorCode } from '../../lib/errors.js';
import { graphqlRuntime } from '../graphql-runtime.js';
import { scopesOf } from '../../lib/auth/identity.js';
import type { GatewayContext } from '../context.js';
import { applyDenials, authorizeOperation, type AuthorizationPolicy, type AuthorizationResult, type Caller } from './authorization.js';
import { checkOperation, measureOperation, type OperationLimits } from './limits.js';

const { GraphQLError } = graphqlRuntime;
const { getVariableValues } = createRequire(import.meta.url)('graphql/execution/values') as typeof import('graphql/execution/values.js');

type GraphQLError = InstanceType<typeof GraphQLError>;

const MAX_VARIABLE_ERRORS = 20;

/** Checks a request's variables against its operation, stopping at a few errors (see the plugin). */
export function coerceVariables(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[], values: Record<string, unknown>): ReturnType<typeof getVariableValues> {
  return getVariableValues(schema, definitions, values, { maxErrors: MAX_VARIABLE_ERRORS });
}

/** Per document and operation: work that depends only on them is done once, not per request. */
class PerDocument<T> {
  private readonly cache = new WeakMap<DocumentNode, Map<string, T>>();
  get(document: DocumentNode, key: string, compute: () => T): T {
    let byKey = this.cache.get(document);
    if (!byKey) this.cache.set(document, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key)!;
    const value = compute();
    // A client cycling scopes or operation names must not grow one document's entry without bound.
    if (byKey.size > 64) byKey.clear();
    byKey.set(key, value);
    return value;
  }
}

/** Authorization depends only on the scopes: one key per distinct set. */
export const scopeKeyOf = (caller: Caller): string => (caller.authenticated ? [...caller.scopes].sort().join(' ') : '-');

export function callerOf(context: GatewayContext): Caller {
  return { authenticated: Boolean(context.identity), scopes: context.identity ? scopesOf(context.identity) : new Set() };
}

/**
 * Operation limits and authorization, after validation and before planning: an operation over a
 * limit is refused whole, and fields the caller may not see are taken out of the operation, so in
 * neither case is a subgraph asked for them.
 */
export function protectionPlugin(limits: OperationLimits, policy: AuthorizationPolicy): ApolloServerPlugin<GatewayContext> {
  const measured = new PerDocument<GraphQLError | null>();
  const authorized = new PerDocument<AuthorizationResult | null>();
  return {
    async requestDidStart() {
      let result: AuthorizationResult | null = null;
      return {
        async didResolveOperation(rc) {
          const document = rc.document;
          const operation = rc.operation;
          if (!operation) {
            throw new GraphQLError(rc.request.operationName ? `没有名为 ${rc.request.operationName} 的操作 / unknown operation named "${rc.request.operationName}"` : '文档含多个操作，须给出 operationName / the document has several operations: send operationName', {
              extensions: { code: ErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } },
            });
          }
          if (operation.operation === 'subscription') {
            throw new GraphQLError('订阅请使用 WebSocket（graphql-ws）连接 /graphql / subscriptions are served over WebSocket (graphql-transport-ws) at /graphql', {
              extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
            });
          }
          const name = rc.operationName ?? '';
          const refused = measured.get(document, name, () => checkOperation(measureOperation(document, operation), limits));
          if (refused) throw refused;
          if (operation.variableDefinitions?.length) {
            // The variables are checked once, here, before any plan runs; stopping at a few errors,
            // since a list of 1 000 wrong objects would otherwise make thousands (with stack traces).
            const coerced = coerceVariables(rc.schema, operation.variableDefinitions, rc.request.variables ?? {});
            if (coerced.errors) {
              const [first] = coerced.errors;
              throw new GraphQLError(first.message, { nodes: first.nodes, extensions: { code: ErrorCode.BAD_USER_INPUT, errors: coerced.errors.length, http: { status: 400 } } });
            }
          }
          const caller = callerOf(rc.contextValue);
          result = authorized.get(document, `${name}\n${scopeKeyOf(caller)}`, () => authorizeOperation(rc.schema, policy, document, operation, caller));
          if (result?.document) {
            const writable = rc as unknown as { document: DocumentNode; operation: OperationDefinitionNode; queryHash: string };
            writable.document = result.document;
            writable.operation = result.document.definitions[0] as OperationDefinitionNode;
            // The gateway caches query plans by hash: a filtered operation must not share one.
            writable.queryHash = `${rc.queryHash}:${result.queryHashSuffix}`;
          }
        },
        async responseForOperation() {
          if (!result || result.document) return null;
          // Nothing the caller may see is left: answer without planning anything.
          const { data, errors } = applyDenials({ data: {} }, result.denials);
          return { http: { status: 200, headers: new Map() } as never, body: { kind: 'single', singleResult: { data, errors: errors as never } } };
        },
        async willSendResponse(rc: GraphQLRequestContext<GatewayContext>) {
          const body = rc.response.body;
          if (!result?.document || body?.kind !== 'single') return;
          const single = body.singleResult;
          const { data, errors } = applyDenials({ data: single.data as Record<string, unknown> | null | undefined, errors: single.errors }, result.denials);
          single.data = data;
          (single as { errors?: unknown[] }).errors = errors;
        },
      };
    },
  };
}
