import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import type { SubgraphName } from '../lib/config.js';
import { contextFromHeaders, type GatewayContext } from './context.js';
import { DEFAULT_SUBGRAPH_POLICY, HttpSubgraphSource, type SubgraphPolicy, type SubgraphSource } from './datasource.js';
import { FederatedGateway } from './execution/federated-gateway.js';
import { FastPath } from './execution/fast-path.js';
import { eventsDataSource } from './events/subgraph.js';
import { RecentEvents } from './events/store.js';
import { registerHooksProxy } from './hooks-proxy.js';
import { attachSubscriptions, type SubscriptionServer } from './subscriptions.js';
import { registerMcpRoute } from '../mcp/http.js';
import type { Bus } from '../lib/events/bus.js';
import { EVENTS_SUBGRAPH } from '../lib/compose.js';
import { formatError } from './errors.js';
import { extractAuthorization } from './protection/authorization.js';
import { DEFAULT_LIMITS, screenDocument, type OperationLimits } from './protection/limits.js';
import { protectionPlugin } from './protection/plugin.js';
import { Safelist, type PersistedOperationsOptions, type SafelistRefusal } from './protection/persisted.js';
import { INTERNAL_HEADER } from '../lib/auth/tokens.js';
import { ErrorCode } from '../lib/errors.js';
import { GatewayMetrics } from './observability/metrics.js';
import { graphqlRuntime } from './graphql-runtime.js';
import { randomUUID } from 'node:crypto';
import { closeConnectionsOnShutdown } from '../lib/listen.js';
import { graphiqlPage, registerGraphiqlAssets, wantsGraphiql, type GraphiqlOptions } from './graphiql.js';

export interface GatewayOptions {
  /** A Federation v2 supergraph SDL; subgraph URLs come from it unless overridden. */
  supergraphSdl: string;
  /** Where subscription events come from. */
  bus: Bus;
  subgraphUrls?: Partial<Record<SubgraphName | string, string>>;
  jwtSecret: string;
  internalSecret: string;
  graphiql?: GraphiqlOptions;
  logger?: boolean;
  /** Operation and request limits; unset ones take DEFAULT_LIMITS. */
  limits?: Partial<OperationLimits>;
  /** Per-subgraph timeout and circuit breaker. */
  subgraphPolicy?: Partial<SubgraphPolicy>;
  /** Automatic persisted queries (default) or a production safelist. */
  persisted?: PersistedOperationsOptions;
}

export interface Gateway {
  app: FastifyInstance;
  apollo: ApolloServer<GatewayContext>;
  subscriptions: SubscriptionServer;
}

/** Builds (does not start) the gateway: our federation executor on @apollo/server, served by Fastify. */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const events = new RecentEvents();
  const sources = new Map<string, HttpSubgraphSource>();
  const metrics = new GatewayMetrics();
  const observeFetch = (subgraph: string, seconds: number, failure: string | null) => {
    if (failure !== 'CIRCUIT_OPEN') metrics.fetchDuration.observe({ subgraph }, seconds);
    if (failure) metrics.fetchErrors.inc({ subgraph, reason: failure });
  };
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { sdl: supergraphSdl, policy } = extractAuthorization(options.supergraphSdl);
  const gateway = new FederatedGateway(supergraphSdl);
  const planSources = new Map<string, SubgraphSource>();
  for (const { name, url } of gateway.subgraphs) {
    if (name === EVENTS_SUBGRAPH) {
      planSources.set(name, eventsDataSource(events));
      continue;
    }
    const target = options.subgraphUrls?.[name] ?? url;
    if (!target) throw new Error(`subgraph ${name} has no URL in the supergraph and none was configured`);
    const source = new HttpSubgraphSource(name, target, { ...DEFAULT_SUBGRAPH_POLICY, ...options.subgraphPolicy }, observeFetch);
    sources.set(name, source);
    planSources.set(name, source);
  }
  gateway.useSources(planSources);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.maxRequestBytes,
    // JSON logs carry the request id; a caller's x-request-id is kept when it is sane.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!/^[\w.:-]{1,128}$/.test(request.id)) (request as { id: string }).id = randomUUID();
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ errors: [{ message: `请求体超过 ${limits.maxRequestBytes} 字节 / the request body is larger than ${limits.maxRequestBytes} bytes`, extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE, limit: limits.maxRequestBytes } }] });
    }
    if ((error.statusCode ?? 500) < 500) return reply.status(error.statusCode!).send({ errors: [{ message: error.message, extensions: { code: ErrorCode.BAD_REQUEST } }] });
    app.log.error(error);
    return reply.status(500).send({ errors: [{ message: 'internal error / 内部错误', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Outside NODE_ENV=test Apollo Server would stop itself on SIGTERM and re-raise the signal
    // ~10 ms later, killing the process before Fastify drains requests in flight and closes
    // subscriptions with 1001. The process that owns the gateway decides when it stops.
    stopOnTerminationSignals: false,
    introspection: true,
    plugins: [ApolloServerPluginLandingPageDisabled(), protectionPlugin(limits, policy), metrics.plugin()],
    parseOptions: { maxTokens: limits.maxTokens },
    persistedQueries: (options.persisted?.mode ?? 'apq') === 'apq' ? {} : false,
  });
  await apollo.start();

  const safelist = options.persisted?.mode === 'safelist' ? new Safelist(options.persisted.manifest ?? new Map()) : null;
  const secrets = { jwtSecret: options.jwtSecret, internalSecret: options.internalSecret };
  const fastPath = new FastPath(gateway, limits, policy, metrics, secrets);
  const handler = fastifyApolloHandler(apollo, {
    context: async (request) => ({ ...(await contextFromHeaders(request.headers, secrets)), requestId: request.id }),
  });
  registerGraphiqlAssets(app);
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/metrics', async (_request, reply) => {
    metrics.subscriptions.set(subscriptions.clients());
    for (const [name, source] of sources) metrics.circuitOpen.set({ subgraph: name }, source.breaker.state === 'open' ? 1 : 0);
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  // Ready when every subgraph answers its health check and no circuit is open.
  app.get('/ready', async (_request, reply) => {
    const subgraphs = Object.fromEntries(await Promise.all([...sources].map(async ([name, source]) => {
      if (source.breaker.state === 'open') return [name, 'circuit-open'] as const;
      try {
        const res = await fetch(source.url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(1000) });
        return [name, res.ok ? 'up' : `http-${res.status}`] as const;
      } catch {
        return [name, 'down'] as const;
      }
    })));
    const ready = Object.values(subgraphs).every((s) => s === 'up');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'degraded', subgraphs });
  });
  app.route({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    async handler(request, reply) {
      if (request.method === 'GET' && wantsGraphiql(request.headers.accept, request.query)) {
        const { html, csp } = graphiqlPage(options.graphiql ?? {}, '/graphql');
        return reply.type('text/html; charset=utf-8').header('content-security-policy', csp).send(html);
      }
      const refusal = safelist ? safelisted(safelist, request) : null;
      if (refusal) return reply.status(400).send({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
      for (const query of queriesOf(request.method === 'GET' ? request.query : request.body)) {
        const refused = screenDocument(query, limits);
        if (refused) return reply.status((refused.extensions.http as { status: number }).status).send({ errors: [formatError(refused.toJSON(), refused)] });
      }
      if (await fastPath.serve(request, reply)) return reply;
      return handler.call(this, request as never, reply as never);
    },
  });
  const alertsUrl = options.subgraphUrls?.alerts ?? /@join__graph\(name: "alerts", url: "([^"]+)"\)/.exec(options.supergraphSdl)?.[1];
  if (alertsUrl) await registerHooksProxy(app, alertsUrl.replace(/\/graphql$/, ''));
  registerMcpRoute(app, apollo, secrets);
  const subscriptions = attachSubscriptions(app, apollo, () => gateway.schema, options.bus, events, secrets, {
    maxTokens: limits.maxTokens,
    check(payload) {
      const refusal = safelist?.resolve(payload) ?? null;
      if (refusal) return new graphqlRuntime.GraphQLError(refusal.message, { extensions: { code: refusal.code } });
      return screenDocument(typeof payload.query === 'string' ? payload.query : '', limits);
    },
  });
  closeConnectionsOnShutdown(app);
  app.addHook('preClose', async () => {
    await subscriptions.close('gateway shutting down / 网关正在关闭');
  });
  app.addHook('onClose', async () => {
    await apollo.stop();
  });
  return { app, apollo, subscriptions };
}

/** The operation documents of a request: one operation or a batch. */
const queriesOf = (body: unknown): string[] =>
  (Array.isArray(body) ? body : [body]).flatMap((b) => (b && typeof b === 'object' && typeof (b as { query?: unknown }).query === 'string' ? [(b as { query: string }).query] : []));

/**
 * Holds a request to the safelist, rewriting registered ids to their documents. Calls from our own
 * subgraphs (an internal identity, no staff token) are not front-end operations and are exempt; a
 * forged internal header gets no further than authentication.
 */
function safelisted(safelist: Safelist, request: { method: string; headers: Record<string, unknown>; query: unknown; body: unknown }): SafelistRefusal | null {
  if (request.headers[INTERNAL_HEADER] && !request.headers.authorization) return null;
  if (request.method === 'GET') {
    const q = (request.query ?? {}) as Record<string, unknown>;
    let extensions: unknown;
    try {
      extensions = typeof q.extensions === 'string' ? JSON.parse(q.extensions) : undefined;
    } catch {
      extensions = undefined;
    }
    const body = { query: q.query, documentId: q.documentId, extensions };
    const refusal = safelist.resolve(body);
    if (refusal) return refusal;
    q.query = body.query;
    delete q.documentId;
    if (extensions !== undefined) q.extensions = JSON.stringify(extensions);
    return null;
  }
  if (request.method !== 'POST') return null;
  for (const b of Array.isArray(request.body) ? request.body : [request.body]) {
    if (!b || typeof b !== 'object') return { code: ErrorCode.PERSISTED_QUERY_NOT_IN_LIST, message: '生产模式只接受已登记的操作 / only registered operations are accepted' };
    const refusal = safelist.resolve(b as Record<string, unknown>);
    if (refusal) return refusal;
  }
  return null;
}
