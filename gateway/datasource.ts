import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { INTERNAL_HEADER } from '../lib/auth/tokens.js';
import { ErrorCode } from '../lib/errors.js';
import type { GatewayContext } from './context.js';

const NETWORK_FAILURE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|fetch failed|socket hang up/i;

/**
 * Sends the caller's verified identity to a subgraph as a short-lived token signed with the
 * internal secret. Whatever identity header a client sent never reaches a subgraph.
 */
export class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(private readonly serviceName: string, url: string) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    headers.delete(INTERNAL_HEADER);
    if ('internalToken' in context && context.internalToken) headers.set(INTERNAL_HEADER, await context.internalToken());
  }

  /**
   * A subgraph that cannot be reached becomes an ordinary subgraph error, so the gateway tags
   * it with the service name, keeps the other subgraphs' data, and no socket detail leaks.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      const message = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error);
      if (!NETWORK_FAILURE.test(message)) throw error;
      return { errors: [{ message: `subgraph ${this.serviceName} unavailable / 子图暂不可用`, extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE } }] };
    }
  }
}
