import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { isRole, type Identity } from './identity.js';

const ISSUER = 'lingxi-graph';
/** Tokens staff present to the gateway. */
export const STAFF_AUDIENCE = 'lingxi-gateway';
/** Tokens the gateway mints for subgraphs; a client's own token is never accepted there. */
export const INTERNAL_AUDIENCE = 'lingxi-subgraph';
export const INTERNAL_HEADER = 'x-lingxi-identity';

const keyCache = new Map<string, Uint8Array>();
function key(secret: string): Uint8Array {
  let k = keyCache.get(secret);
  if (!k) keyCache.set(secret, (k = new TextEncoder().encode(secret)));
  return k;
}

export async function signIdentity(identity: Identity, secret: string, audience: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({ name: identity.name, hall: identity.hall, city: identity.city, roles: identity.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity.staffId)
    .setIssuer(ISSUER)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));
}

export class TokenError extends Error {}

/**
 * The longest a token may live, from its `iat` (or from now when it has none): a staff token is a
 * shift (12 h, `npm run token` allows up to a day), an internal one 60 s. A token that never
 * expires, or that claims to live longer, is refused: a leaked one must stop working by itself.
 */
export const MAX_TOKEN_LIFETIME_SECONDS: Record<string, number> = { 'lingxi-gateway': 24 * 3600, 'lingxi-subgraph': 300 };

/**
 * Tokens already verified, until they expire: a counter's front end sends the same staff token on
 * every request, and each subgraph sees the same internal token for a request's every fetch.
 * HMAC verification per request was a tenth of the gateway's CPU (bench/gateway.ts profile).
 */
const verified = new Map<string, { identity: Identity; expiresAt: number }>();
const MAX_VERIFIED = 20_000;

/** Verifies signature, issuer, audience and expiry, then the claims' shape. */
export async function verifyIdentity(token: string, secret: string, audience: string, now?: Date): Promise<Identity> {
  const cacheKey = now ? null : `${audience}\n${secret}\n${token}`;
  if (cacheKey) {
    const hit = verified.get(cacheKey);
    if (hit && hit.expiresAt > Date.now()) return hit.identity;
  }
  const { identity, exp } = await verifyUncached(token, secret, audience, now);
  if (cacheKey) {
    if (verified.size >= MAX_VERIFIED) verified.clear();
    verified.set(cacheKey, { identity, expiresAt: exp * 1000 });
  }
  return identity;
}

async function verifyUncached(token: string, secret: string, audience: string, now?: Date): Promise<{ identity: Identity; exp: number }> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key(secret), {
      issuer: ISSUER,
      audience,
      algorithms: ['HS256'],
      currentDate: now,
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new TokenError('token expired / 令牌已过期');
    throw new TokenError('token invalid / 令牌无效');
  }
  const maxLifetime = MAX_TOKEN_LIFETIME_SECONDS[audience] ?? 3600;
  const issuedAt = typeof payload.iat === 'number' ? payload.iat : Math.floor((now ?? new Date()).getTime() / 1000);
  if (payload.exp! - issuedAt > maxLifetime) throw new TokenError(`token lives longer than ${maxLifetime / 3600} h / 令牌有效期超过上限`);
  const { sub, name, hall, city, roles } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || typeof city !== 'string' || !Array.isArray(roles) || !roles.every(isRole)) {
    throw new TokenError('token claims incomplete (sub, city, roles) / 令牌声明不完整');
  }
  return {
    identity: { staffId: sub, name: typeof name === 'string' ? name : sub, hall: typeof hall === 'string' ? hall : null, city, roles },
    exp: payload.exp!,
  };
}

export function bearer(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match ? match[1] : null;
}
