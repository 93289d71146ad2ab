import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { INTERNAL_HEADER } from '../lib/auth/tokens.js';
import type { GatewayContext } from './context.js';

/**
 * Sends the caller's verified identity to a subgraph as a short-lived token signed with the
 * internal secret. Whatever identity header a client sent never reaches a subgraph.
 */
export class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http?.headers;
    if (!headers) return;
    headers.delete(INTERNAL_HEADER);
    if ('internalToken' in context && context.internalToken) headers.set(INTERNAL_HEADER, await context.internalToken());
  }
}
