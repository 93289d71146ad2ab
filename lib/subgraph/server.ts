import { MAX_REQUEST_BYTES } from '../limits.js';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import mercurius from 'mercurius';
import type { Span } from '@opentelemetry/api';
import { endSpan, startServerSpan } from '../telemetry.js';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { type GraphQLError, parse } from 'graphql';
import { INTERNAL_AUDIENCE, INTERNAL_HEADER, TokenError, verifyIdentity } from '../auth/tokens.js';
import type { Identity } from '../auth/identity.js';
import { ErrorCode, isKnownCode } from '../errors.js';
import { closeConnectionsOnShutdown } from '../listen.js';

declare module 'fastify' {
  interface FastifyRequest {
    identity: Identity | null;
  }
}

export interface SubgraphServerOptions<Ctx> {
  name: string;
  typeDefs: string;
  resolvers: unknown;
  internalSecret: string;
  /** Builds the per-request context (loaders are per request so batching never leaks between callers). */
  context: (identity: Identity) => Ctx;
}

/**
 * A subgraph as the gateway sees it: Federation v2 schema from @apollo/subgraph, served by
 * mercurius on Fastify. It answers only requests carrying the gateway's signed identity.
 */
const spans = new WeakMap<FastifyRequest, Span>();

export async function buildSubgraphServer<Ctx>(options: SubgraphServerOptions<Ctx>): Promise<FastifyInstance> {
  // JSON log lines for what went wrong inside (answered as INTERNAL_SERVER_ERROR without details),
  // labelled with the gateway's x-request-id; each request itself is logged by the gateway.
  const app = Fastify({ logger: { level: 'warn' }, bodyLimit: MAX_REQUEST_BYTES, pluginTimeout: 60_000, requestIdHeader: 'x-request-id' });
  const schema = buildSubgraphSchema({
    typeDefs: parse(options.typeDefs),
    resolvers: options.resolvers as GraphQLResolverMap<unknown>,
  });

  // Whatever escapes a route (a hook's statement failing, say) is logged here and answered
  // without its message: database and internal errors never reach a caller.
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) return reply.status(status).send({ error: error.code ?? 'BAD_REQUEST', message: error.message });
    request.log.error(error);
    return reply.status(500).send({ error: ErrorCode.INTERNAL_SERVER_ERROR, message: 'internal error / 内部错误' });
  });
  app.decorateRequest('identity', null);
  // The gateway's keep-alive pool must not hold this server open on shutdown.
  closeConnectionsOnShutdown(app);
  // Continues the gateway's trace (traceparent) for each GraphQL request.
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url === '/graphql')
      spans.set(
        request,
        startServerSpan(`subgraph ${options.name}`, request.headers, { 'lingxi.subgraph': options.name, 'http.request.method': request.method }),
      );
  });
  app.addHook('onResponse', async (request, reply) => {
    const span = spans.get(request);
    if (span) endSpan(span, reply.statusCode);
  });
  app.get('/health', { config: { public: true } }, async () => ({ status: 'ok', subgraph: options.name }));
  // Decided on the route the request was matched to, never on its URL text: `/%67raphql` routes
  // to /graphql. Everything needs the gateway's identity unless its route says it is public
  // (health, and the signed hooks, which check their own HMAC).
  app.addHook('preHandler', async (request: FastifyRequest, reply) => {
    if ((request.routeOptions.config as { public?: boolean } | undefined)?.public === true) return;
    const raw = request.headers[INTERNAL_HEADER];
    const token = Array.isArray(raw) ? raw[0] : raw;
    try {
      if (!token) throw new TokenError('missing gateway identity / 缺少网关身份');
      request.identity = await verifyIdentity(token, options.internalSecret, INTERNAL_AUDIENCE);
    } catch (error) {
      const message = error instanceof TokenError ? error.message : 'identity check failed / 身份校验失败';
      return reply.code(401).send({ data: null, errors: [{ message, extensions: { code: ErrorCode.UNAUTHENTICATED } }] });
    }
  });

  await app.register(mercurius, {
    schema,
    path: '/graphql',
    graphiql: false,
    // Parsed and validated queries, by text: the gateway sends a few hundred distinct ones.
    cache: 512,
    // Each of those compiled (graphql-jit) on first sight: executing the counter's dashboard took
    // a fifth less CPU in customer-insight and a tenth less in catalog (bench/gateway.ts).
    jit: 1,
    context: (request: FastifyRequest) => options.context(request.identity!) as Record<string, unknown>,
    errorFormatter: (execution, context) => {
      const errors = (execution.errors ?? []).flatMap((error): ReturnType<typeof clientError>[] => {
        // mercurius wraps parse and validation errors in one MER_ERR_GQL_VALIDATION: they are the caller's.
        const wrapped = (error as GraphQLError).originalError as { code?: string; errors?: GraphQLError[] } | undefined;
        if (wrapped?.code === 'MER_ERR_GQL_VALIDATION' && Array.isArray(wrapped.errors)) {
          return wrapped.errors.map((e) => ({ message: e.message, locations: e.locations, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } }));
        }
        return [clientError(error as GraphQLError, (e) => context.reply.log.error(e))];
      });
      return { statusCode: 200, response: { data: execution.data ?? null, errors } };
    },
  });
  return app;
}

/** Known errors pass with their code; anything else is logged here and reported without internals. */
function clientError(error: GraphQLError, log: (e: unknown) => void) {
  const code = error.extensions?.code;
  if (isKnownCode(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
    return { message: error.message, locations: error.locations, path: error.path, extensions };
  }
  if (!error.path && !error.originalError) {
    // graphql-js validation and parse errors have no path and no cause; they are the client's.
    return { message: error.message, locations: error.locations, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } };
  }
  log(error.originalError ?? error);
  return { message: 'internal error / 内部错误', path: error.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
