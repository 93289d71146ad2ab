import type { GatewayExecutionResult } from '@apollo/server-gateway-interface';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperationDefinitionNode } from 'graphql';
import { contextFromHeaders, type ContextSecrets, type GatewayContext } from '../context.js';
import { formatError, formatLaterPart } from '../errors.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { asksIntrospection, type RequestPipeline } from '../protection/pipeline.js';
import { Readable } from 'node:stream';
import { asksDefer } from './defer-labels.js';
import type { FederatedGateway, IncrementalPayload } from './federated-gateway.js';

/**
 * The common request — a JSON POST of a valid query or mutation the caller may see in full —
 * served without Apollo Server, through the same request pipeline (../protection/pipeline.ts):
 * what depends on the document alone is done once, and a request verifies its caller, has its
 * variables checked and runs the plan. Everything else (GET, batches, persisted-query
 * extensions, introspection, invalid documents, refusals, bad variables, anything the caller may
 * not see in full) goes on to Apollo Server, whose answer for those is the one clients get.
 */
export class FastPath {
  /** By document: its plan-cache key (a short id keeps the cache small) and whether it introspects. */
  private readonly known = new WeakMap<object, { key: string; introspection: boolean; defer: boolean }>();
  private sequence = 0;

  constructor(
    private readonly gateway: FederatedGateway,
    private readonly pipeline: RequestPipeline,
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
    if (
      typeof query !== 'string' ||
      (operationName != null && typeof operationName !== 'string') ||
      (variables != null && (typeof variables !== 'object' || Array.isArray(variables)))
    )
      return false;

    const parsed = this.pipeline.parse(query);
    if (!('document' in parsed)) return false;
    let known = this.known.get(parsed.document);
    if (!known)
      this.known.set(
        parsed.document,
        (known = { key: `fast:${++this.sequence}`, introspection: asksIntrospection(parsed.document), defer: asksDefer(parsed.document) }),
      );
    if (known.introspection) return false;
    let context: GatewayContext;
    try {
      context = await contextFromHeaders(request.headers, this.secrets);
    } catch {
      return false;
    }
    const values = (variables ?? {}) as Record<string, unknown>;
    // The same steps Apollo Server's plugin runs; anything refused or filtered is answered there.
    const admitted = this.pipeline.admit(parsed.document, operationName as string | undefined, values, context, 'http');
    if (!('operation' in admitted) || admitted.authorization || admitted.operation.operation === 'subscription') return false;
    const key = operationName ? `${known.key}:${operationName}` : known.key;
    const operation = {
      key,
      document: parsed.document,
      operationName: operationName ?? undefined,
      operation: admitted.operation,
      variables: values,
      context: { ...context, requestId: request.id },
    };
    // As Apollo Server answers: never cached (answers carry personal data).
    reply.header('cache-control', 'no-store');
    if (known.defer && acceptsMultipart(request.headers.accept)) {
      const parts = await this.gateway.executeIncremental(operation);
      if (Symbol.asyncIterator in parts) {
        reply.type(MULTIPART).send(Readable.from(this.frames(parts, admitted.operation, started)));
        return true;
      }
      // No part deferred (every @defer's `if` false): one answer, as below.
      return this.answer(reply, parts, admitted.operation, started);
    }

    const result = await this.gateway.executeOperation(operation, true);
    reply.type('application/json; charset=utf-8');
    if ('text' in result) {
      this.metrics.record(admitted.operation.name?.value, admitted.operation.operation, [], (performance.now() - started) / 1000);
      reply.send(`${result.text}\n`);
      return true;
    }
    return this.answer(reply, result, admitted.operation, started);
  }

  private answer(reply: FastifyReply, result: GatewayExecutionResult, operation: OperationDefinitionNode, started: number): true {
    // Newline-terminated, as Apollo Server answers.
    reply.type('application/json; charset=utf-8').send(`${JSON.stringify(this.counted(result, operation, started))}\n`);
    return true;
  }

  /** A whole answer, or the first part of one, as sent (absent errors and extensions are left out by JSON.stringify); the request counted. */
  private counted(result: GatewayExecutionResult, operation: OperationDefinitionNode, started: number) {
    const errors = result.errors?.map((e) => formatError(e.toJSON(), e));
    this.metrics.record(operation.name?.value, operation.operation, errors ?? [], (performance.now() - started) / 1000);
    return { errors, data: result.data, extensions: result.extensions };
  }

  /**
   * The parts as multipart/mixed (the format Apollo Router and Apollo Client use), errors formatted
   * as every answer's are. Each part is followed by the boundary at once, since a client knows a
   * part is whole only when it sees the next boundary.
   */
  private async *frames(parts: AsyncGenerator<IncrementalPayload, void>, operation: OperationDefinitionNode, started: number): AsyncGenerator<string> {
    yield '\r\n---';
    for await (const part of parts) {
      const json = JSON.stringify('incremental' in part ? formatLaterPart(part) : { ...this.counted(part, operation, started), hasNext: true });
      yield `\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${json}\r\n---`;
    }
    yield '--\r\n';
  }
}

const MULTIPART = 'multipart/mixed; boundary="-"; deferSpec=20220824';

/** Whether the client reads incremental delivery: Apollo Client and urql send `multipart/mixed` (with `deferSpec=20220824`) in Accept. */
export function acceptsMultipart(accept: string | string[] | undefined): boolean {
  return /multipart\/mixed/i.test(Array.isArray(accept) ? accept.join(',') : (accept ?? ''));
}
