import type { Identity } from '../lib/auth/identity.js';
import { bearer, INTERNAL_AUDIENCE, signIdentity, STAFF_AUDIENCE, TokenError, verifyIdentity } from '../lib/auth/tokens.js';
import { unauthenticated } from '../lib/errors.js';

export interface GatewayContext {
  identity: Identity;
  /** Minted once per request, on first use, for every subgraph fetch of that request. */
  internalToken: () => Promise<string>;
}

export interface ContextSecrets {
  jwtSecret: string;
  internalSecret: string;
}

/** Internal tokens only need to outlive one request's fan-out. */
const INTERNAL_TTL_SECONDS = 60;

export async function contextFromAuthorization(authorization: string | string[] | undefined, secrets: ContextSecrets): Promise<GatewayContext> {
  const token = bearer(authorization);
  if (!token) throw unauthenticated('missing staff token: send "Authorization: Bearer <token>" / 缺少员工令牌');
  return contextFromToken(token, secrets);
}

/** A verified staff token, from a header or a WebSocket connection_init payload. */
export async function contextFromToken(token: string, secrets: ContextSecrets): Promise<GatewayContext> {
  let identity: Identity;
  try {
    identity = await verifyIdentity(token, secrets.jwtSecret, STAFF_AUDIENCE);
  } catch (error) {
    throw unauthenticated(error instanceof TokenError ? error.message : 'token invalid / 令牌无效');
  }
  return contextForIdentity(identity, secrets);
}

/** A request context for a verified identity; its internal token is minted on first use. */
export function contextForIdentity(identity: Identity, secrets: ContextSecrets): GatewayContext {
  let minted: Promise<string> | undefined;
  return {
    identity,
    internalToken: () => (minted ??= signIdentity(identity, secrets.internalSecret, INTERNAL_AUDIENCE, INTERNAL_TTL_SECONDS)),
  };
}
