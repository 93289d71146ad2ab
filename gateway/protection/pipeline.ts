import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { createRequire } from 'node:module';
import { scopesOf } from '../../lib/auth/identity.js';
import { ErrorCode } from '../../lib/errors.js';
import { findUnstorable, unstorableText } from '../../lib/text.js';
import type { GatewayContext } from '../context.js';
import { graphqlRuntime } from '../graphql-runtime.js';
import { authorizeOperation, scopeKeyOf, type AuthorizationPolicy, type AuthorizationResult, type Caller } from './authorization.js';
import type { OperationLimits } from '../../lib/limits.js';
import { checkOperation, measureOperation, screenDocument } from './limits.js';
import type { Safelist } from './persisted.js';

const { GraphQLError, parse, validate, getOperationAST, visit, BREAK } = graphqlRuntime;
const { getVariableValues } = createRequire(import.meta.url)('graphql/execution/values') as typeof import('graphql/execution/values.js');
type GraphQLError = InstanceType<typeof GraphQLError>;

/** Where a request came in. Each runs the same steps in the same order; only what it may ask differs. */
export type Entry = 'http' | 'websocket' | 'mcp';

/** What a request body names: a document or a persisted id, with its operation and variables. */
export interface Payload {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

/** An operation that passed every step, ready to plan. */
export interface Admitted {
  operation: OperationDefinitionNode;
  caller: Caller;
  /** The one key the caller's permissions are cached and plans are scoped by. */
  scopeKey: string;
  /** null: the caller may see everything asked; otherwise the fields taken out. */
  authorization: AuthorizationResult | null;
}

const MAX_VARIABLE_ERRORS = 20;

export function callerOf(context: Pick<GatewayContext, 'identity'> | null | undefined): Caller {
  return { authenticated: Boolean(context?.identity), scopes: context?.identity ? scopesOf(context.identity) : new Set() };
}

export const refusalStatus = (error: GraphQLError): number => (error.extensions.http as { status?: number } | undefined)?.status ?? 400;

const refuse = (message: string, code: string, extensions: Record<string, unknown> = {}, status = 400) =>
  new GraphQLError(message, { extensions: { code, ...extensions, http: { status } } });

/** Work that depends only on a document and its operation name, done once. */
interface Known {
  operation: OperationDefinitionNode | null;
  /** Limits, and strings the database cannot store, in the document itself. */
  refused: GraphQLError | null;
  byScope: Map<string, AuthorizationResult | null>;
}

/**
 * The one ordered request pipeline every entry point runs (HTTP, the fast path, Apollo Server,
 * graphql-ws subscriptions, MCP), so a protection added here holds everywhere:
 *
 *   1. persisted operations (the production safelist resolves ids and refuses the rest)
 *   2. document screening before the parser (bytes, nesting)
 *   3. parse (token limit) and 4. validate
 *   5. operation resolution, and what the entry may run (subscriptions only over WebSocket)
 *   6. operation limits (depth, height, aliases, root fields)
 *   7. text PostgreSQL cannot store (NUL, lone surrogates) in literals and variables
 *   8. variables against the operation
 *   9. authorization (@requiresScopes): fields the caller may not see are taken out
 *
 * Identity comes first, from the transport (header, connection_init, MCP request), by the same
 * functions (gateway/context.ts). Every refusal is a GraphQLError with a stable code and the
 * HTTP status to answer with; each transport sends it in its own framing.
 */
export class RequestPipeline {
  private known = new WeakMap<DocumentNode, Map<string, Known>>();
  private readonly parsed = new Map<string, { document: DocumentNode } | { error: GraphQLError }>();

  constructor(
    private readonly schema: () => GraphQLSchema,
    private readonly limits: OperationLimits,
    private policy: AuthorizationPolicy,
    private readonly safelist: Safelist | null,
  ) {}

  /** A new supergraph is served: what was validated and authorised against the old one is forgotten. */
  supergraphReplaced(policy: AuthorizationPolicy): void {
    this.policy = policy;
    this.parsed.clear();
    this.known = new WeakMap();
  }

  /**
   * Steps 1–2, on the request body before any parsing. A safelisted id is replaced, in place, by
   * its registered document. `trusted` requests (the graph's own operations: a subgraph calling
   * back, MCP's tool documents) are not front-end operations and skip the safelist only.
   */
  screen(payload: Payload, trusted = false): GraphQLError | null {
    if (this.safelist && !trusted) {
      const refusal = this.safelist.resolve(payload);
      if (refusal) return refuse(refusal.message, refusal.code);
    }
    if (typeof payload.query !== 'string') {
      return trusted || payload.query === undefined ? null : refuse('query 须为字符串 / query must be a string', ErrorCode.BAD_REQUEST);
    }
    return screenDocument(payload.query, this.limits);
  }

  /** Steps 3–4, remembered by text (a front end repeats a few dozen documents). */
  parse(query: string): { document: DocumentNode } | { error: GraphQLError } {
    let result = this.parsed.get(query);
    if (result) return result;
    try {
      const document = parse(query, { maxTokens: this.limits.maxTokens });
      const errors = validate(this.schema(), document);
      result =
        errors.length > 0
          ? {
              error: new GraphQLError(errors[0].message, {
                nodes: errors[0].nodes,
                extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, errors: errors.length, http: { status: 400 } },
              }),
            }
          : { document };
    } catch (e) {
      result = { error: new GraphQLError((e as Error).message, { extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED, http: { status: 400 } } }) };
    }
    // A client cycling documents gains nothing: the memory starts again.
    if (this.parsed.size >= 2000) this.parsed.clear();
    this.parsed.set(query, result);
    return result;
  }

  /** Steps 5–9 for a parsed, valid document. */
  admit(
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
    context: Pick<GatewayContext, 'identity'> | null,
    entry: Entry,
  ): Admitted | GraphQLError {
    const known = this.knownOf(document, operationName ?? '');
    const operation = known.operation;
    if (!operation) {
      return refuse(
        operationName
          ? `没有名为 ${operationName} 的操作 / unknown operation named "${operationName}"`
          : '文档含多个操作，须给出 operationName / the document has several operations: send operationName',
        ErrorCode.OPERATION_RESOLUTION_FAILURE,
      );
    }
    if (operation.operation === 'subscription' && entry !== 'websocket') {
      return refuse(
        '订阅请使用 WebSocket（graphql-ws）连接 /graphql / subscriptions are served over WebSocket (graphql-transport-ws) at /graphql',
        ErrorCode.BAD_REQUEST,
      );
    }
    if (known.refused) return known.refused;
    const values = variables ?? {};
    const unstorable = findUnstorable(values);
    if (unstorable) {
      return refuse(
        `变量 ${unstorable.path.join('.')} ${unstorable.reason} / variable ${unstorable.path.join('.')} cannot be accepted`,
        ErrorCode.BAD_USER_INPUT,
        { field: unstorable.path.join('.') },
      );
    }
    if (operation.variableDefinitions?.length) {
      // Stopping at a few errors: a list of 1 000 wrong objects would otherwise make thousands.
      const coerced = getVariableValues(this.schema(), operation.variableDefinitions, values, { maxErrors: MAX_VARIABLE_ERRORS });
      if (coerced.errors) {
        const [first] = coerced.errors;
        return new GraphQLError(first.message, {
          nodes: first.nodes,
          extensions: { code: ErrorCode.BAD_USER_INPUT, errors: coerced.errors.length, http: { status: 400 } },
        });
      }
    }
    const caller = callerOf(context);
    const scopeKey = scopeKeyOf(caller);
    let authorization = known.byScope.get(scopeKey);
    if (authorization === undefined) {
      authorization = authorizeOperation(this.schema(), this.policy, document, operation, caller);
      // A client cycling scopes must not grow one document's entry without bound.
      if (known.byScope.size > 64) known.byScope.clear();
      known.byScope.set(scopeKey, authorization);
    }
    return { operation, caller, scopeKey, authorization };
  }

  private knownOf(document: DocumentNode, operationName: string): Known {
    let byName = this.known.get(document);
    if (!byName) this.known.set(document, (byName = new Map()));
    let known = byName.get(operationName);
    if (!known) {
      const operation = getOperationAST(document, operationName || undefined) ?? null;
      const refused = operation ? (checkOperation(measureOperation(document, operation), this.limits) ?? unstorableLiteral(document)) : null;
      known = { operation, refused, byScope: new Map() };
      if (byName.size > 64) byName.clear();
      byName.set(operationName, known);
    }
    return known;
  }
}

/** A string literal in the document that the database could not store. */
function unstorableLiteral(document: DocumentNode): GraphQLError | null {
  let found: GraphQLError | null = null;
  visit(document, {
    StringValue(node) {
      const reason = unstorableText(node.value);
      if (!reason) return undefined;
      found = refuse(`字符串参数${reason} / a string argument cannot be accepted`, ErrorCode.BAD_USER_INPUT);
      return BREAK;
    },
  });
  return found;
}

/** Whether a document asks for introspection (the fast path leaves those to Apollo Server). */
export function asksIntrospection(document: DocumentNode): boolean {
  let introspection = false;
  visit(document, {
    Field(node) {
      if (node.name.value.startsWith('__') && node.name.value !== '__typename') {
        introspection = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return introspection;
}
