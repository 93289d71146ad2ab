import type { Identity } from '../lib/auth/identity.js';
import { bearer, INTERNAL_AUDIENCE, INTERNAL_HEADER, signIdentity, STAFF_AUDIENCE, TokenError, verifyIdentity } from '../lib/auth/tokens.js';
import { unauthenticated } from '../lib/errors.js';
import type { Entry } from './protection/pipeline.js';

export interface GatewayContext {
  identity: Identity;
  /** Minted once per request, on first use, for every subgraph fetch of that request. */
  internalToken: () => Promise<string>;
  /** The HTTP request's id (x-request-id, or one the gateway made), sent on to subgraphs. */
  requestId?: string;
  /** The entry point the request came in by (HTTP unless said), for the one request pipeline. */
  entry?: Entry;
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

/**
 * A subgraph calling the graph on behalf of the person it is serving (the order subgraph pricing a
 * cart) presents the internal token the gateway gave it; only the gateway and subgraphs hold the
 * secret that signs those, so a client cannot present one.
 */
export async function contextFromHeaders(headers: Record<string, string | string[] | undefined>, secrets: ContextSecrets): Promise<GatewayContext> {
  const internal = headers[INTERNAL_HEADER];
  if (typeof internal === 'string' && !headers.authorization) {
    try {
      return contextForIdentity(await verifyIdentity(internal, secrets.internalSecret, INTERNAL_AUDIENCE), secrets);
    } catch (error) {
      throw unauthenticated(error instanceof TokenError ? error.message : 'internal token invalid / 内部令牌无效');
    }
  }
  return contextFromAuthorization(headers.authorization, secrets);
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

/** Internal tokens by identity, reused for half their life: signing one per request cost CPU. */
const minted = new Map<string, { token: Promise<string>; until: number }>();

function internalTokenFor(identity: Identity, secret: string): Promise<string> {
  const key = `${secret}\n${identity.staffId}\n${identity.city}\n${identity.hall ?? ''}\n${identity.roles.join(',')}\n${identity.name}`;
  const now = Date.now();
  const hit = minted.get(key);
  if (hit && hit.until > now) return hit.token;
  if (minted.size >= 20_000) minted.clear();
  const token = signIdentity(identity, secret, INTERNAL_AUDIENCE, INTERNAL_TTL_SECONDS);
  minted.set(key, { token, until: now + (INTERNAL_TTL_SECONDS * 1000) / 2 });
  token.catch(() => minted.delete(key));
  return token;
}

/** A request context for a verified identity; its internal token is minted (or reused) on first use. */
export function contextForIdentity(identity: Identity, secrets: ContextSecrets): GatewayContext {
  return {
    identity,
    internalToken: () => internalTokenFor(identity, secrets.internalSecret),
  };
}
