import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import { DEFAULT_REQUEST_LOG, type RequestLogSettings } from '../lib/config.js';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { SubgraphName } from '../lib/config.js';
import { contextFromHeaders, type GatewayContext } from './context.js';
import { HttpSubgraphSource, type SubgraphSource } from './datasource.js';
import { DEFAULT_LIMITS, DEFAULT_SUBGRAPH_POLICY, type OperationLimits, type SubgraphPolicy } from '../lib/limits.js';
import { FederatedGateway, type SubgraphInfo } from './execution/federated-gateway.js';
import { FastPath } from './execution/fast-path.js';
import { eventsDataSource } from './events-source.js';
import { RecentEvents } from '../subgraphs/events/recent-events.js';
import { registerPublicProxy } from './public-proxy.js';
import { attachSubscriptions, type SubscriptionServer } from './subscriptions.js';
import { registerMcpRoute } from '../mcp/http.js';
import type { Bus } from '../lib/events/bus.js';
import { EVENTS_SUBGRAPH } from '../lib/compose.js';
import { formatError } from './errors.js';
import { extractAuthorization } from './protection/authorization.js';
import { RequestPipeline, refusalStatus, type Payload } from './protection/pipeline.js';
import { protectionPlugin } from './protection/plugin.js';
import { Safelist, type PersistedOperationsOptions } from './protection/persisted.js';
import { INTERNAL_HEADER } from '../lib/auth/tokens.js';
import { ErrorCode } from '../lib/errors.js';
import { GatewayMetrics } from './observability/metrics.js';
import { createHash, randomUUID } from 'node:crypto';
import { closeConnectionsOnShutdown } from '../lib/listen.js';
import { graphiqlPage, registerScreens, wantsGraphiql, type GraphiqlOptions } from './graphiql.js';

export interface GatewayOptions {
  /** A Federation v2 supergraph SDL; subgraph URLs come from it unless overridden. */
  supergraphSdl: string;
  /** Where subscription events come from. */
  bus: Bus;
  subgraphUrls?: Partial<Record<SubgraphName | string, string>>;
  jwtSecret: string;
  internalSecret: string;
  graphiql?: GraphiqlOptions;
  /** JSON logs to stdout, or to a stream of one's own (pino lines). */
  logger?: boolean | { stream: { write(line: string): void } };
  /** Which requests to log when logging (two lines a request at info level cost throughput no peer pays by default). */
  requestLog?: RequestLogSettings;
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
  /**
   * Serves a new supergraph without a restart: it is checked first (it must build, validate and
   * plan; a bad one is refused with the reason, and the old one stays), then swapped in at once.
   * Requests in flight finish on the old one; subscriptions keep running.
   */
  replaceSupergraph(supergraphSdl: string): void;
}

const versionOf = (sdl: string) => createHash('sha256').update(sdl).digest('hex').slice(0, 12);

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
  const eventsSource = eventsDataSource(events);
  /**
   * A source per subgraph, the one already open kept when its URL has not changed (its breaker and
   * pool with it); `http` becomes the gateway's own once the supergraph it was made for is served.
   */
  const sourcesFor = (subgraphs: readonly SubgraphInfo[]) => {
    const http = new Map<string, HttpSubgraphSource>();
    const plan = new Map<string, SubgraphSource>();
    for (const { name, url, audited } of subgraphs) {
      if (name === EVENTS_SUBGRAPH) {
        plan.set(name, eventsSource);
        continue;
      }
      const target = options.subgraphUrls?.[name] ?? url;
      if (!target) throw new Error(`subgraph ${name} has no URL in the supergraph and none was configured`);
      const kept = sources.get(name);
      const policy = { ...DEFAULT_SUBGRAPH_POLICY, ...options.subgraphPolicy };
      if (audited) policy.shareInflight = false;
      const source = kept?.url === target && kept.shareInflight === policy.shareInflight ? kept : new HttpSubgraphSource(name, target, policy, observeFetch);
      http.set(name, source);
      plan.set(name, source);
    }
    return { http, plan };
  };
  const adopt = (http: ReadonlyMap<string, HttpSubgraphSource>) => {
    sources.clear();
    for (const [name, source] of http) sources.set(name, source);
  };
  const initial = sourcesFor(gateway.subgraphs);
  adopt(initial.http);
  gateway.useSources(initial.plan);
  const app = Fastify({
    logger: options.logger ?? false,
    // Requests are logged by the hook below, as the settings say, rather than twice each at info.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: limits.maxRequestBytes,
    // JSON logs carry the request id; a caller's x-request-id is kept when it is sane.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!/^[\w.:-]{1,128}$/.test(request.id)) (request as { id: string }).id = randomUUID();
    reply.header('x-request-id', request.id);
  });
  const requestLog = options.requestLog ?? DEFAULT_REQUEST_LOG;
  if (options.logger)
    app.addHook('onResponse', async (request, reply) => {
      const ms = reply.elapsedTime;
      const failed = reply.statusCode >= 500;
      const slow = ms >= requestLog.slowMs;
      if (!(failed || requestLog.mode === 'all' || (requestLog.mode === 'slow' && slow))) return;
      const line = { method: request.method, url: request.url, statusCode: reply.statusCode, responseTimeMs: Math.round(ms * 10) / 10 };
      if (failed) request.log.error(line, 'request failed');
      else if (slow) request.log.warn(line, 'slow request');
      else request.log.info(line, 'request completed');
    });
  app.setErrorHandler((error: { code?: string; statusCode?: number; message: string }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({
        errors: [
          {
            message: `请求体超过 ${limits.maxRequestBytes} 字节 / the request body is larger than ${limits.maxRequestBytes} bytes`,
            extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE, limit: limits.maxRequestBytes },
          },
        ],
      });
    }
    if ((error.statusCode ?? 500) < 500)
      return reply.status(error.statusCode!).send({ errors: [{ message: error.message, extensions: { code: ErrorCode.BAD_REQUEST } }] });
    app.log.error(error);
    return reply.status(500).send({ errors: [{ message: 'internal error / 内部错误', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
  });
  const safelist = options.persisted?.mode === 'safelist' ? new Safelist(options.persisted.manifest ?? new Map()) : null;
  const pipeline = new RequestPipeline(() => gateway.schema, limits, policy, safelist);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Staff tokens travel only in the Authorization header, never in cookies: a cross-site
    // "simple" request carries no credential, so Apollo's CSRF guard (which refused every GET,
    // safelisted ids included) protects nothing here. Mutations over GET stay refused.
    csrfPrevention: false,
    // Outside NODE_ENV=test Apollo Server would stop itself on SIGTERM and re-raise the signal
    // ~10 ms later, killing the process before Fastify drains requests in flight and closes
    // subscriptions with 1001. The process that owns the gateway decides when it stops.
    stopOnTerminationSignals: false,
    introspection: true,
    plugins: [ApolloServerPluginLandingPageDisabled(), protectionPlugin(pipeline), metrics.plugin()],
    parseOptions: { maxTokens: limits.maxTokens },
    persistedQueries: (options.persisted?.mode ?? 'apq') === 'apq' ? {} : false,
  });
  await apollo.start();

  const secrets = { jwtSecret: options.jwtSecret, internalSecret: options.internalSecret };
  const fastPath = new FastPath(gateway, pipeline, metrics, secrets);
  const handler = fastifyApolloHandler(apollo, {
    context: async (request) => ({ ...(await contextFromHeaders(request.headers, secrets)), requestId: request.id }),
  });
  registerScreens(app, options.graphiql ?? {});
  // Which supergraph is served, and the last one refused, for whoever replaces it.
  const supergraph: { version: string; loadedAt: string; refused: { at: string; reason: string } | null } = {
    version: versionOf(options.supergraphSdl),
    loadedAt: new Date().toISOString(),
    refused: null,
  };
  app.get('/health', async () => ({ status: 'ok', pid: process.pid, supergraph }));
  app.get('/metrics', async (_request, reply) => {
    metrics.subscriptions.set(subscriptions.clients());
    for (const [name, source] of sources) metrics.circuitOpen.set({ subgraph: name }, source.breaker.state === 'open' ? 1 : 0);
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  // Ready when every subgraph answers its health check and no circuit is open.
  app.get('/ready', async (_request, reply) => {
    const subgraphs = Object.fromEntries(
      await Promise.all(
        [...sources].map(async ([name, source]) => {
          if (source.breaker.state === 'open') return [name, 'circuit-open'] as const;
          try {
            const res = await fetch(source.url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(1000) });
            return [name, res.ok ? 'up' : `http-${res.status}`] as const;
          } catch {
            return [name, 'down'] as const;
          }
        }),
      ),
    );
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
      // Steps 1–2 of the pipeline on every operation of the request; Apollo Server or the fast
      // path run the rest.
      const trusted = Boolean(request.headers[INTERNAL_HEADER]) && !request.headers.authorization;
      for (const { payload, commit } of payloadsOf(request)) {
        const refused = pipeline.screen(payload, trusted);
        if (refused) return reply.status(refusalStatus(refused)).send({ errors: [formatError(refused.toJSON(), refused)] });
        commit();
      }
      if (await fastPath.serve(request, reply)) return reply;
      return handler.call(this, request as never, reply as never);
    },
  });
  await registerPublicProxy(app, (name) => sources.get(name)?.url.replace(/\/graphql$/, ''));
  registerMcpRoute(app, apollo, secrets, pipeline);
  const subscriptions = attachSubscriptions(app, apollo, () => gateway.schema, options.bus, events, secrets, pipeline, gateway);
  closeConnectionsOnShutdown(app);
  const replaceSupergraph = (sdl: string) => {
    try {
      // Everything that can refuse it runs before anything served changes.
      const next = extractAuthorization(sdl);
      const replacement = gateway.prepareReplacement(next.sdl);
      const { http, plan } = sourcesFor(replacement.subgraphs);
      replacement.commit(plan);
      adopt(http);
      pipeline.supergraphReplaced(next.policy);
    } catch (error) {
      supergraph.refused = { at: new Date().toISOString(), reason: (error as Error).message.slice(0, 2000) };
      throw error;
    }
    Object.assign(supergraph, { version: versionOf(sdl), loadedAt: new Date().toISOString(), refused: null });
  };
  app.addHook('preClose', async () => {
    await subscriptions.close('gateway shutting down / 网关正在关闭');
  });
  app.addHook('onClose', async () => {
    await apollo.stop();
  });
  return { app, apollo, subscriptions, replaceSupergraph };
}

/**
 * The operations of a request, each with a way to write what the pipeline resolved (a safelisted
 * id replaced by its document) back where Apollo Server reads it: a POST's body objects are
 * resolved in place; a GET's query string gets its `query`, `documentId` and JSON-encoded
 * `extensions` written back.
 */
function payloadsOf(request: { method: string; query: unknown; body: unknown; url: string; raw: { url?: string } }): { payload: Payload; commit(): void }[] {
  if (request.method === 'GET') {
    const q = (request.query ?? {}) as Record<string, unknown>;
    let extensions: unknown;
    try {
      extensions = typeof q.extensions === 'string' ? JSON.parse(q.extensions) : undefined;
    } catch {
      extensions = undefined;
    }
    const payload: Payload = { query: q.query, documentId: q.documentId, extensions, operationName: q.operationName };
    return [
      {
        payload,
        commit() {
          if (payload.query === q.query && payload.documentId === q.documentId) return;
          // Apollo Server reads a GET's operation from the URL itself, so the resolved one is written there.
          const search = new URLSearchParams();
          for (const [k, v] of Object.entries(q)) if (typeof v === 'string' && k !== 'query' && k !== 'documentId' && k !== 'extensions') search.set(k, v);
          if (typeof payload.query === 'string') search.set('query', payload.query);
          if (payload.documentId !== undefined) search.set('documentId', String(payload.documentId));
          if (extensions !== undefined && Object.keys(payload.extensions as object).length > 0) search.set('extensions', JSON.stringify(payload.extensions));
          request.raw.url = `${request.url.split('?')[0]}?${search}`;
        },
      },
    ];
  }
  if (request.method !== 'POST') return [];
  const bodies = Array.isArray(request.body) ? request.body : [request.body];
  return bodies.map((b) => ({ payload: b && typeof b === 'object' ? (b as Payload) : { query: b }, commit: () => undefined }));
}
