import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contextFromHeaders, type ContextSecrets, type GatewayContext } from '../context.js';
import { formatError } from '../errors.js';
import { graphqlRuntime } from '../graphql-runtime.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { authorizeOperation, type AuthorizationPolicy } from '../protection/authorization.js';
import { checkOperation, measureOperation, type OperationLimits } from '../protection/limits.js';
import { callerOf, coerceVariables, scopeKeyOf } from '../protection/plugin.js';
import type { FederatedGateway } from './federated-gateway.js';


/** A document seen before: valid, within limits, and a query or mutation without introspection. */
interface Ready {
  key: string;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Per scope set: whether the caller may see every field (only then is it served here). */
  permitted: Map<string, boolean>;
}

/** Distinct documents remembered; past this the memory starts again (a client cycling documents gains nothing). */
const DOCUMENT_LIMIT = 2000;

/**
 * The common request — a JSON POST of a valid query or mutation the caller may see in full —
 * served without Apollo Server's request pipeline: the document is parsed, validated, measured
 * against the limits and checked for authorization once, and a request only verifies its caller,
 * coerces its variables and runs the plan. Everything else (GET, batches, persisted-query
 * extensions, introspection, invalid documents, refusals, bad variables, anything the caller may
 * not see in full) goes on to Apollo Server, whose answer for those is the one clients get.
 */
export class FastPath {
  private readonly documents = new Map<string, Ready | null>();
  private sequence = 0;

  constructor(
    private readonly gateway: FederatedGateway,
    private readonly limits: OperationLimits,
    private readonly policy: AuthorizationPolicy,
    private readonly metrics: GatewayMetrics,
    private readonly secrets: ContextSecrets,
  ) {}

  /** Answers the request and returns true, or returns false and leaves it untouched for Apollo Server. */
  async serve(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const started = performance.now();
    if (request.method !== 'POST' || !String(request.headers['content-type'] ?? '').startsWith('application/json')) return false;
    const body = request.body as Record<string, unknown> | null;
    if (!body || typeof body !== 'object' || Array.isArray(body) || body.extensions !== undefined) return false;
    const { query, operationName, variables } = body;
    if (typeof query !== 'string' || (operationName != null && typeof operationName !== 'string') || (variables != null && (typeof variables !== 'object' || Array.isArray(variables)))) return false;

    const ready = this.ready(query, operationName ?? undefined);
    if (!ready) return false;
    let context: GatewayContext;
    try {
      context = await contextFromHeaders(request.headers, this.secrets);
    } catch {
      return false;
    }
    if (!this.permits(ready, context)) return false;
    const values = (variables ?? {}) as Record<string, unknown>;
    if (ready.operation.variableDefinitions?.length && coerceVariables(this.gateway.schema, ready.operation.variableDefinitions, values).errors) return false;

    const result = await this.gateway.executeOperation({
      key: ready.key, document: ready.document, operationName: operationName ?? undefined, operation: ready.operation, variables: values, context: { ...context, requestId: request.id },
    }, true);
    // As Apollo Server answers: never cached (answers carry personal data), newline-terminated.
    reply.header('cache-control', 'no-store').type('application/json; charset=utf-8');
    if ('text' in result) {
      this.metrics.record(ready.operation.name?.value, ready.operation.operation, [], (performance.now() - started) / 1000);
      reply.send(`${result.text}\n`);
      return true;
    }
    const errors = result.errors?.map((e) => formatError(e.toJSON(), e));
    this.metrics.record(ready.operation.name?.value, ready.operation.operation, errors ?? [], (performance.now() - started) / 1000);
    // Absent errors and extensions are left out by JSON.stringify.
    reply.send(`${JSON.stringify({ errors, data: result.data, extensions: result.extensions })}\n`);
    return true;
  }

  private ready(query: string, operationName: string | undefined): Ready | null {
    const key = operationName ? `${operationName}\n${query}` : query;
    const known = this.documents.get(key);
    if (known !== undefined) return known;
    if (this.documents.size >= DOCUMENT_LIMIT) this.documents.clear();
    const ready = this.prepare(query, operationName);
    this.documents.set(key, ready);
    return ready;
  }

  private prepare(query: string, operationName: string | undefined): Ready | null {
    const { parse, validate, getOperationAST, visit, BREAK } = graphqlRuntime;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.limits.maxTokens });
    } catch {
      return null;
    }
    if (validate(this.gateway.schema, document).length) return null;
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation === 'subscription') return null;
    if (checkOperation(measureOperation(document, operation), this.limits)) return null;
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
    if (introspection) return null;
    // Plans are cached by key; the text itself would do, but a short id keeps the cache small.
    return { key: `fast:${++this.sequence}`, document, operation, permitted: new Map() };
  }

  private permits(ready: Ready, context: GatewayContext): boolean {
    const caller = callerOf(context);
    const scopeKey = scopeKeyOf(caller);
    let permitted = ready.permitted.get(scopeKey);
    if (permitted === undefined) {
      permitted = authorizeOperation(this.gateway.schema, this.policy, ready.document, ready.operation, caller) === null;
      ready.permitted.set(scopeKey, permitted);
    }
    return permitted;
  }
}
