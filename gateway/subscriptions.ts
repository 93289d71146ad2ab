import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import { graphqlRuntime } from './graphql-runtime.js';
import type { DocumentNode, ExecutionResult, FieldNode, GraphQLSchema, OperationDefinitionNode, VariableDefinitionNode } from 'graphql';
import { CloseCode, type SubscribePayload } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeJwt } from 'jose';
import { bearer } from '../lib/auth/tokens.js';
import type { Bus, BusEvent } from '../lib/events/bus.js';
import { ErrorCode } from '../lib/errors.js';
import { contextForIdentity, contextFromToken, type ContextSecrets, type GatewayContext } from './context.js';
import type { Payload, RequestPipeline } from './protection/pipeline.js';
import { asksDefer } from './execution/defer-labels.js';
import type { FederatedGateway, IncrementalPayload } from './execution/federated-gateway.js';
import { formatError, formatLaterPart } from './errors.js';
import type { RecentEvents } from '../subgraphs/events/recent-events.js';
import { subscriptionRoutes, type SubscriptionRoute } from '../subgraphs/events/resolvers/Subscription.js';

// @apollo/gateway builds its schema with the CommonJS graphql; validating against it with the ESM
// copy fails graphql's one-realm check, so this module uses the same copy the gateway does.
const require = createRequire(import.meta.url);
const { GraphQLError, Kind, print, visit } = graphqlRuntime;
const { getArgumentValues, getVariableValues } = require('graphql/execution/values') as typeof import('graphql/execution/values.js');

/**
 * Subscriptions at /graphql over graphql-ws (graphql-transport-ws). Each subscription root field
 * is routed by the events subgraph (`subscriptionRoutes`): a bus subject and a query field; for each
 * event the gateway runs the subscriber's own selection set as a query on that field, so the
 * selection reaches into any subgraph through the ordinary query plan. Subscribers asking the same
 * thing as the same person share one execution per event.
 */
/** Rewrites `subscription { counterEvents(counter: $c) { … } }` into `query($__eventId: ID!) { counterEvents: counterEvent(id: $__eventId) { … } }`. */
function eventQuery(document: DocumentNode, operation: OperationDefinitionNode, field: FieldNode, queryField: string): DocumentNode {
  const rewritten: OperationDefinitionNode = {
    ...operation,
    operation: 'query' as OperationDefinitionNode['operation'],
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []),
      {
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: '__eventId' } },
        type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
      },
    ],
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        {
          ...field,
          alias: { kind: Kind.NAME, value: field.alias?.value ?? field.name.value },
          name: { kind: Kind.NAME, value: queryField },
          arguments: [
            { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: '__eventId' } } },
          ],
        },
      ],
    },
  };
  // Variables only the subscription's arguments used would make the query invalid: drop them.
  const used = new Set<string>();
  const others = document.definitions.filter((d) => d !== operation);
  visit({ kind: Kind.DOCUMENT, definitions: [rewritten.selectionSet as never, ...others] } as never, { Variable: (v) => void used.add(v.name.value) });
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      { ...rewritten, variableDefinitions: rewritten.variableDefinitions!.filter((d: VariableDefinitionNode) => used.has(d.variable.name.value)) },
      ...others,
    ],
  };
}

export interface SubscriptionServer {
  /** Closes every socket with a reason, for a graceful shutdown. */
  close(reason: string): Promise<void>;
  clients(): number;
  /** Subscriptions that have started listening on the bus since start (it only grows). */
  listening(): number;
  /** Resolves once `count` subscriptions have started listening: a client's readiness, without guessing. */
  whenListening(count: number): Promise<void>;
}

export function attachSubscriptions(
  app: FastifyInstance,
  apollo: ApolloServer<GatewayContext>,
  schema: () => GraphQLSchema,
  bus: Bus,
  events: RecentEvents,
  secrets: ContextSecrets,
  pipeline: RequestPipeline,
  gateway: Pick<FederatedGateway, 'executeIncremental'>,
): SubscriptionServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  // Arguments arrive coerced against the supergraph's field, which is the generated args type.
  const table = subscriptionRoutes(bus) as unknown as Record<string, SubscriptionRoute<Record<string, unknown>>>;
  const shared = new Map<string, Promise<ExecutionResult>>();
  let listening = 0;
  const waiting = new Set<{ count: number; resolve: () => void }>();
  const startedListening = () => {
    listening++;
    for (const w of waiting)
      if (listening >= w.count) {
        waiting.delete(w);
        w.resolve();
      }
  };

  app.server.on('upgrade', (request, socket, head) => {
    if (!request.url?.startsWith('/graphql')) return socket.destroy();
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  // Apollo Server hands back errors already formatted (plain objects); graphql-ws serialises a
  // result's errors with toJSON, so they go back into GraphQLErrors with the same message, path
  // and extensions. (Plain objects failed every event with "e.toJSON is not a function".)
  const run = (query: string, variables: Record<string, unknown>, context: GatewayContext): Promise<ExecutionResult> =>
    apollo.executeOperation({ query, variables }, { contextValue: { ...context, entry: 'websocket' } }).then((r) => {
      if (r.body.kind !== 'single') throw new Error('incremental delivery is not supported over WebSocket');
      const { errors, ...rest } = r.body.singleResult;
      if (!errors) return rest as ExecutionResult;
      return { ...rest, errors: errors.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions })) } as ExecutionResult;
    });

  /**
   * An event's query with @defer, in parts: the same pipeline steps the HTTP fast path runs, then
   * the gateway's incremental execution. null when the query must go through Apollo Server whole
   * (fields the caller may not see are taken out there).
   */
  const runInParts = async (
    query: string,
    variables: Record<string, unknown>,
    context: GatewayContext,
    operationName?: string,
  ): Promise<ExecutionResult | AsyncIterable<ExecutionResult> | null> => {
    const parsed = pipeline.parse(query);
    if (!('document' in parsed)) return null;
    const admitted = pipeline.admit(parsed.document, operationName, variables, context, 'websocket');
    if (!('operation' in admitted) || admitted.authorization) return null;
    const result = await gateway.executeIncremental({
      key: `websocket:${query}`,
      document: parsed.document,
      operationName,
      operation: admitted.operation,
      variables,
      context,
    });
    if (!(Symbol.asyncIterator in result)) return withErrors(result);
    return (async function* () {
      for await (const part of result) yield wirePart(part);
    })();
  };

  /** A query or mutation sent over the socket: in parts when it defers (and the caller may see it all), else whole. */
  const runOperation = async (
    document: DocumentNode,
    variables: Record<string, unknown>,
    context: GatewayContext,
    operationName: string | null | undefined,
  ): Promise<ExecutionResult | AsyncIterable<ExecutionResult>> => {
    const query = print(document);
    const parts = asksDefer(document) ? await runInParts(query, variables, context, operationName ?? undefined) : null;
    return parts ?? run(query, variables, context);
  };

  useServer<Record<string, unknown>, Connection>(
    {
      connectionInitWaitTimeout: 5_000,
      async onConnect(ctx) {
        const params = ctx.connectionParams ?? {};
        const token =
          bearer(
            typeof params.authorization === 'string' ? params.authorization : typeof params.Authorization === 'string' ? params.Authorization : undefined,
          ) ?? (typeof params.token === 'string' ? params.token : null);
        // The close reason starts with the code an HTTP request would get (a reason is at most 123 bytes).
        if (!token) {
          ctx.extra.socket.close(CloseCode.Forbidden, `${ErrorCode.UNAUTHENTICATED}: missing staff token in connection_init (authorization)`);
          return false;
        }
        try {
          ctx.extra.context = await contextFromToken(token, secrets);
          closeAtExpiry(ctx.extra, token);
          return true;
        } catch (error) {
          ctx.extra.socket.close(CloseCode.Forbidden, truncateUtf8(`${ErrorCode.UNAUTHENTICATED}: ${(error as Error).message}`, 123));
          return false;
        }
      },
      // A client renews its token without dropping its subscriptions: a ping whose payload carries
      // a fresh token of the same person moves the close at expiry to the new token's expiry.
      async onPing(ctx, payload) {
        const renewal = bearer(typeof payload?.authorization === 'string' ? payload.authorization : undefined);
        if (!renewal || !ctx.extra.context) return;
        try {
          const fresh = await contextFromToken(renewal, secrets);
          if (fresh.identity.staffId !== ctx.extra.context.identity.staffId || fresh.identity.city !== ctx.extra.context.identity.city) return;
          ctx.extra.context = fresh;
          closeAtExpiry(ctx.extra, renewal);
        } catch {
          // A bad renewal changes nothing: the old token still closes the socket when it expires.
        }
      },
      // The one request pipeline, at subscribe time: a subscription over a limit, outside the
      // safelist, with bad variables or fields the caller may not see is refused before it runs,
      // with the codes an HTTP request gets.
      async onSubscribe(ctx, _id, payload: SubscribePayload) {
        const body = { ...payload } as Payload;
        const refused = pipeline.screen(body);
        if (refused) return [subscribeError(refused)];
        const parsed = pipeline.parse(body.query as string);
        if ('error' in parsed) return [subscribeError(parsed.error)];
        const admitted = pipeline.admit(parsed.document, payload.operationName, payload.variables, ctx.extra.context ?? null, 'websocket');
        if (!('operation' in admitted)) return [subscribeError(admitted)];
        // Fields the caller may not see are taken out of each event's execution, as over HTTP; a
        // subscription with nothing left the caller may see is refused now.
        if (admitted.authorization && !admitted.authorization.document) {
          const denied = admitted.authorization.denials.map((d) => d.path.join('.')).join(', ');
          return [new GraphQLError(`无权订阅 ${denied} / not authorized for ${denied}`, { extensions: { code: ErrorCode.FORBIDDEN } })];
        }
        return {
          schema: schema(),
          document: parsed.document,
          variableValues: payload.variables ?? {},
          operationName: payload.operationName ?? undefined,
          contextValue: { ...ctx.extra.context, entry: 'websocket' },
        };
      },
      execute: (args) =>
        runOperation(args.document, (args.variableValues ?? {}) as Record<string, unknown>, args.contextValue as GatewayContext, args.operationName),
      subscribe: async (args) => {
        const context = args.contextValue as GatewayContext;
        const operation = args.document.definitions.find(
          (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
        );
        if (!operation) return { errors: [new GraphQLError('no operation / 没有操作')] };
        if (operation.operation !== 'subscription')
          return runOperation(args.document, (args.variableValues ?? {}) as Record<string, unknown>, context, args.operationName);
        const fields = operation.selectionSet.selections;
        if (fields.length !== 1 || fields[0].kind !== Kind.FIELD)
          return {
            errors: [
              new GraphQLError('a subscription selects exactly one root field / 订阅只能选择一个根字段', { extensions: { code: ErrorCode.BAD_USER_INPUT } }),
            ],
          };
        const field = fields[0];
        const route = table[field.name.value];
        const rootField = schema().getSubscriptionType()?.getFields()[field.name.value];
        if (!route || !rootField)
          return { errors: [new GraphQLError(`unknown subscription ${field.name.value}`, { extensions: { code: ErrorCode.BAD_USER_INPUT } })] };
        // The pipeline admitted these variables at subscribe time (onSubscribe): coercing them again cannot fail.
        const variables = getVariableValues(schema(), operation.variableDefinitions ?? [], (args.variableValues ?? {}) as Record<string, unknown>).coerced!;
        const values = getArgumentValues(rootField, field, variables);
        let subject: string;
        try {
          subject = route.subject(values, context.identity);
        } catch (e) {
          // The route's error comes from the ESM graphql; the socket speaks the gateway's copy.
          const { message, extensions } = e as { message: string; extensions?: Record<string, unknown> };
          return { errors: [new GraphQLError(message, { extensions })] };
        }
        let after: number | undefined;
        if (values.after !== undefined && values.after !== null) {
          after = Number(values.after);
          if (!Number.isInteger(after) || after < 0)
            return {
              errors: [new GraphQLError('after must be an event id / after 须为事件编号', { extensions: { code: ErrorCode.BAD_USER_INPUT, field: 'after' } })],
            };
        }
        const eventDocument = eventQuery(args.document, operation, field, route.queryField);
        const query = print(eventDocument);
        const deferred = asksDefer(eventDocument);
        const key = `${query}|${JSON.stringify(variables)}|${context.identity.staffId}|${context.identity.roles.join(',')}|${context.identity.city}`;
        return eventStream(bus, subject, after, startedListening, async (event) => {
          events.put(event);
          // With @defer each subscriber gets its own parts (a stream cannot be shared); the first carries the event id.
          const parts = deferred
            ? await runInParts(query, { ...variables, __eventId: String(event.seq) }, contextForIdentity(context.identity, secrets))
            : null;
          if (parts) {
            route.onPushed?.(event);
            return tagged(parts, String(event.seq));
          }
          const group = `${event.seq}|${key}`;
          let result = shared.get(group);
          if (!result) {
            // Internal tokens last 60 s and a subscription lasts hours: each event gets a fresh context.
            result = run(query, { ...variables, __eventId: String(event.seq) }, contextForIdentity(context.identity, secrets));
            shared.set(group, result);
            void result.finally(() => setTimeout(() => shared.delete(group), 5_000));
          }
          const out = await result;
          route.onPushed?.(event);
          return tagged(out, String(event.seq));
        });
      },
    },
    wss,
  );

  return {
    async close(reason) {
      for (const ws of wss.clients) ws.close(1001, reason);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
    clients: () => wss.clients.size,
    listening: () => listening,
    whenListening: (count) => (listening >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.add({ count, resolve }))),
  };
}

type Connection = {
  socket: WebSocket;
  context?: GatewayContext;
  expiry?: NodeJS.Timeout;
};

/**
 * A subscription lives no longer than the token it was opened with: at the token's expiry the
 * socket closes with 4403 and a reason, unless a renewal (see onPing) moved it.
 */
function closeAtExpiry(connection: Connection, token: string): void {
  clearTimeout(connection.expiry);
  const { exp } = decodeJwt(token);
  if (typeof exp !== 'number') return;
  const close = () => connection.socket.close(CloseCode.Forbidden, `${ErrorCode.UNAUTHENTICATED}: token expired, sign in again / 令牌已过期`);
  const ms = exp * 1000 - Date.now();
  if (ms <= 0) {
    close();
    return;
  }
  connection.expiry = setTimeout(close, ms);
  connection.expiry.unref();
  connection.socket.once('close', () => clearTimeout(connection.expiry));
}

/** A WebSocket close reason must fit in 123 bytes of UTF-8; cut at a character boundary. */
export function truncateUtf8(text: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of text) {
    used += Buffer.byteLength(ch);
    if (used > bytes) break;
    out += ch;
  }
  return out;
}

/** A result's errors as every answer's are formatted, back in GraphQLErrors (graphql-ws sends errors through toJSON). */
function withErrors<T extends { errors?: readonly InstanceType<typeof GraphQLError>[] }>(result: T): T {
  if (!result.errors) return result;
  const errors = result.errors.map((e) => {
    const formatted = formatError(e.toJSON(), e);
    return new GraphQLError(formatted.message, { path: formatted.path, extensions: formatted.extensions });
  });
  return { ...result, errors };
}

/** One part of an answer with @defer as a graphql-ws `next` payload: the first as a result, the rest as incremental delivery writes them. */
function wirePart(part: IncrementalPayload): ExecutionResult {
  return ('incremental' in part ? formatLaterPart(part) : withErrors(part)) as ExecutionResult;
}

/** The event id on a result's extensions, or on the first of its parts. */
function tagged(result: ExecutionResult | AsyncIterable<ExecutionResult>, eventId: string): ExecutionResult | AsyncIterable<ExecutionResult> {
  const tag = (r: ExecutionResult) => ({ ...r, extensions: { ...(r.extensions ?? {}), eventId } });
  if (!(Symbol.asyncIterator in result)) return tag(result);
  return (async function* () {
    let first = true;
    for await (const part of result) {
      yield first ? tag(part) : part;
      first = false;
    }
  })();
}

/** A refusal as graphql-ws sends it: message, locations and our stable code, without the HTTP status. */
function subscribeError(error: InstanceType<typeof GraphQLError>): InstanceType<typeof GraphQLError> {
  const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
  return new GraphQLError(error.message, { nodes: error.nodes, extensions });
}

/**
 * An async iterator over the subject's events, each turned into a result in arrival order; the
 * bus subscription closes when the client stops.
 */
function eventStream(
  bus: Bus,
  subject: string,
  after: number | undefined,
  onListening: () => void,
  resolve: (e: BusEvent) => Promise<ExecutionResult | AsyncIterable<ExecutionResult>>,
): AsyncGenerator<ExecutionResult> {
  const queue: Promise<ExecutionResult | AsyncIterable<ExecutionResult>>[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  // An event answered in parts: its parts go out before the next event's.
  let parts: AsyncIterator<ExecutionResult> | null = null;
  const subscription = bus.subscribe(subject, { after }, (event) => {
    queue.push(resolve(event));
    wake?.();
  });
  void subscription.then(onListening, () => undefined);
  const stop = async () => {
    done = true;
    wake?.();
    void parts?.return?.();
    (await subscription).close();
  };
  return {
    async next() {
      await subscription;
      for (;;) {
        if (parts && !done) {
          const step = await parts.next();
          if (!step.done) return { done: false, value: step.value };
          parts = null;
        }
        while (!done && queue.length === 0) await new Promise<void>((r) => (wake = r));
        wake = null;
        if (done) return { done: true, value: undefined };
        const value = await queue.shift()!;
        if (!(Symbol.asyncIterator in value)) return { done: false, value };
        parts = value[Symbol.asyncIterator]();
      }
    },
    async return() {
      await stop();
      return { done: true, value: undefined };
    },
    async throw(error) {
      await stop();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    async [Symbol.asyncDispose]() {
      await stop();
    },
  } as AsyncGenerator<ExecutionResult>;
}
