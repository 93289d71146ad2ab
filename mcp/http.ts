import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import type { ExecutionResult } from 'graphql';
import { bearer } from '../lib/auth/tokens.js';
import { ErrorCode } from '../lib/errors.js';
import { formatError } from '../gateway/errors.js';
import type { RequestPipeline } from '../gateway/protection/pipeline.js';
import { contextFromToken, type ContextSecrets, type GatewayContext } from '../gateway/context.js';

/** The MCP SDK (about 10 MB resident) loads on the first /mcp call, not with every gateway. */
let sdk: Promise<[typeof import('@modelcontextprotocol/sdk/server/streamableHttp.js'), typeof import('./server.js')]> | undefined;
const loadSdk = () => (sdk ??= Promise.all([import('@modelcontextprotocol/sdk/server/streamableHttp.js'), import('./server.js')]));

/**
 * Streamable HTTP at /mcp on the gateway: stateless, one MCP server per request, acting with the
 * request's own staff token, its tools executed by the gateway exactly as a front end's queries.
 */
export function registerMcpRoute(app: FastifyInstance, apollo: ApolloServer<GatewayContext>, secrets: ContextSecrets, pipeline: RequestPipeline): void {
  app.route({
    method: ['POST', 'GET', 'DELETE'],
    url: '/mcp',
    async handler(request, reply) {
      const token = bearer(request.headers.authorization);
      let context: GatewayContext;
      try {
        if (!token) throw new Error('missing staff token: send "Authorization: Bearer <token>" / 缺少员工令牌');
        context = await contextFromToken(token, secrets);
      } catch (error) {
        return reply
          .code(401)
          .send({ jsonrpc: '2.0', error: { code: -32001, message: (error as Error).message, data: { code: ErrorCode.UNAUTHENTICATED } }, id: null });
      }
      if (request.method !== 'POST')
        return reply
          .code(405)
          .header('allow', 'POST')
          .send({ jsonrpc: '2.0', error: { code: -32000, message: 'stateless server: POST only' }, id: null });
      const [{ StreamableHTTPServerTransport }, { createMcpServer }] = await loadSdk();
      const server = createMcpServer(async (query, variables) => {
        // The tools' documents are the graph's own (no safelist); every other step of the one
        // pipeline runs on them and their arguments, here and in Apollo Server's plugin.
        const refused = pipeline.screen({ query }, true);
        if (refused) return { errors: [formatError(refused.toJSON(), refused)] } as never;
        const r = await apollo.executeOperation({ query, variables }, { contextValue: { ...context, entry: 'mcp' } });
        return (r.body.kind === 'single' ? r.body.singleResult : { errors: [{ message: 'incremental delivery unsupported' }] }) as ExecutionResult as never;
      });
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      reply.hijack();
      reply.raw.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(request.raw, reply.raw, request.body);
    },
  });
}
