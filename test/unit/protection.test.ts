import { SignJWT } from 'jose';
import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../lib/auth/identity.js';
import { bearer, INTERNAL_AUDIENCE, signIdentity, STAFF_AUDIENCE, TokenError, verifyIdentity } from '../../lib/auth/tokens.js';
import { MAX_SKEW_SECONDS, SIGNATURE_HEADER, signedHeaders, TIMESTAMP_HEADER, verifySignature } from '../../lib/hmac.js';
import { DEFAULT_LIMITS } from '../../lib/limits.js';
import { CircuitBreaker } from '../../gateway/datasource.js';
import { checkOperation, measureOperation, nestingDepth, screenDocument } from '../../gateway/protection/limits.js';
import { buildManifest, Safelist } from '../../gateway/protection/persisted.js';

describe('the circuit breaker', () => {
  // Each row: what happens, in order (f = a failed call, s = a successful one, a = a call let
  // through, w = the cooldown passes), and then the state and whether a call may go out.
  const table: [string, string, 'closed' | 'open' | 'half-open', boolean][] = [
    ['starts closed', '', 'closed', true],
    ['stays closed under the failure count', 'f f', 'closed', true],
    ['opens at the failure count', 'f f f', 'open', false],
    ['a success resets the count', 'f f s f f', 'closed', true],
    ['half-opens after the cooldown', 'f f f w', 'half-open', true],
    ['lets one probe through when half-open', 'f f f w a', 'half-open', false],
    ['closes on a successful probe', 'f f f w a s', 'closed', true],
    ['opens again on a failed probe', 'f f f w a f', 'open', false],
  ];
  it.each(table)('%s (%s)', (_what, steps, state, allows) => {
    let t = 0;
    const breaker = new CircuitBreaker(3, 1000, () => t);
    for (const step of steps.split(' ').filter(Boolean)) {
      if (step === 'f') breaker.failed();
      else if (step === 's') breaker.succeeded();
      else if (step === 'a') breaker.allow();
      else t += 1000;
    }
    expect(breaker.state).toBe(state);
    expect(breaker.allow()).toBe(allows);
  });
});

const operation = (q: string) => {
  const doc = parse(q);
  return measureOperation(doc, doc.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!);
};

describe('operation limits', () => {
  const limits = { ...DEFAULT_LIMITS, maxDepth: 3, maxHeight: 5, maxAliases: 1, maxRootFields: 2 };
  it.each([
    ['{ a { b { c } } }', { depth: 3, height: 3, aliases: 0, rootFields: 1 }, null],
    ['{ a { b { c { d } } } }', { depth: 4 }, 'MAX_DEPTH_LIMIT'],
    ['{ a b c }', { rootFields: 3 }, 'MAX_ROOT_FIELDS_LIMIT'],
    ['{ x: a y: a }', { aliases: 2 }, 'MAX_ALIASES_LIMIT'],
    ['{ a { b c d e f } }', { height: 6 }, 'MAX_HEIGHT_LIMIT'],
    // The same field twice is one field of the height; fragments count where they are spread.
    ['{ a { b } a { b } }', { height: 2 }, null],
    ['query { a { ...F } } fragment F on T { b { c { d } } }', { depth: 4 }, 'MAX_DEPTH_LIMIT'],
    ['{ a { ... on T { b } } }', { depth: 2, height: 2 }, null],
  ])('%s', (q, measured, code) => {
    const m = operation(q);
    expect(m).toMatchObject(measured);
    expect(checkOperation(m, limits)?.extensions.code ?? null).toBe(code);
  });

  it('stops a fragment bomb at the selection bound, before it expands', () => {
    const levels = Array.from({ length: 20 }, (_, i) => `fragment F${i} on T { a { ...F${i + 1} } b { ...F${i + 1} } }`).join('\n');
    const m = operation(`{ root { ...F0 } } ${levels} fragment F20 on T { leaf }`);
    expect(m.exhausted).toBe(true);
    expect(checkOperation(m, DEFAULT_LIMITS)?.extensions.code).toBe('MAX_RECURSIVE_SELECTIONS_LIMIT');
  });

  it.each([
    ['{ a { b } }', 2],
    ['{ a(x: [[1]]) }', 4],
    ['{ a(s: "{{{{{{") }', 2],
    ['{ a(s: """ [[[[ """) }', 2],
    ['# {{{{\n{ a }', 1],
  ])('reads the nesting of %s lexically: %i', (q, depth) => {
    expect(nestingDepth(q, 100)).toBe(depth);
  });

  it.each([
    ['x'.repeat(DEFAULT_LIMITS.maxDocumentBytes + 1), 'PAYLOAD_TOO_LARGE', 413],
    ['文'.repeat(Math.ceil(DEFAULT_LIMITS.maxDocumentBytes / 3) + 1), 'PAYLOAD_TOO_LARGE', 413],
    [`${'{a'.repeat(DEFAULT_LIMITS.maxRecursion + 1)}${'}'.repeat(DEFAULT_LIMITS.maxRecursion + 1)}`, 'GRAPHQL_PARSE_FAILED', 400],
  ])('screens a document before parsing (%#): %s, HTTP %i', (q, code, status) => {
    const error = screenDocument(q, DEFAULT_LIMITS);
    expect(error?.extensions).toMatchObject({ code, http: { status } });
  });
});

describe('the safelist', () => {
  const registered = 'query Picture($m: String!) { customer(msisdn: $m) { name } }';
  const manifest = buildManifest([registered]);
  const ids = new Map(manifest.operations.map((o) => [o.id, o.body]));
  const id = manifest.operations[0].id;
  it.each([
    ['the registered text', { query: registered }, null],
    ['the same operation with other whitespace, commas and comments', { query: `# mine\nquery Picture($m: String!) {customer(msisdn: $m) {name,}}` }, null],
    ['its id', { documentId: id }, null],
    ['its id as an APQ hash', { extensions: { persistedQuery: { sha256Hash: id } } }, null],
    ['another operation', { query: '{ customer(msisdn: "1") { idNumber } }' }, 'PERSISTED_QUERY_NOT_IN_LIST'],
    ['an unknown id', { documentId: 'f'.repeat(64) }, 'PERSISTED_QUERY_NOT_FOUND'],
    ['no document at all', {}, 'PERSISTED_QUERY_NOT_IN_LIST'],
    ['text that does not parse', { query: 'query {' }, 'PERSISTED_QUERY_NOT_IN_LIST'],
  ])('%s', (_what, body, code) => {
    const request: { query?: unknown; documentId?: unknown; extensions?: unknown } = structuredClone(body);
    const refusal = new Safelist(ids).resolve(request);
    expect(refusal?.code ?? null).toBe(code);
    if (!code) expect(typeof request.query).toBe('string');
  });
});

describe('HMAC-signed hooks', () => {
  const secret = 'grid-secret-0123456789abcdef0123456789';
  const body = '{"orders":[]}';
  const now = Date.UTC(2026, 10, 24, 2);
  const good = signedHeaders(secret, body, now);
  it.each([
    ['a fresh signature', good, body, now, true],
    ['at the edge of the skew', good, body, now + MAX_SKEW_SECONDS * 1000, true],
    ['past the skew (a replay later)', good, body, now + (MAX_SKEW_SECONDS + 1) * 1000, false],
    ['from the future beyond the skew', good, body, now - (MAX_SKEW_SECONDS + 1) * 1000, false],
    ['another body', good, '{"orders":[1]}', now, false],
    ['another secret', signedHeaders('other-secret-0123456789abcdef0123456789', body, now), body, now, false],
    ['no signature', { [TIMESTAMP_HEADER]: good[TIMESTAMP_HEADER] }, body, now, false],
    ['a timestamp that is not a number', { ...good, [TIMESTAMP_HEADER]: 'soon' }, body, now, false],
    ['a truncated signature', { ...good, [SIGNATURE_HEADER]: good[SIGNATURE_HEADER].slice(0, 10) }, body, now, false],
  ])('%s', (_what, headers, payload, at, ok) => {
    expect(verifySignature(secret, headers, payload, at).ok).toBe(ok);
  });
});

describe('staff and internal tokens', () => {
  const secret = 'jwt-secret-0123456789abcdef0123456789abcd';
  const clerk: Identity = { staffId: 'zhenjiang-s002', name: '王芳', hall: 'zhenjiang-h01', city: 'zhenjiang', roles: ['clerk'] };
  const key = new TextEncoder().encode(secret);
  const raw = (claims: Record<string, unknown>, lifetime = 3600, alg = 'HS256') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg })
      .setIssuer('lingxi-graph')
      .setAudience(STAFF_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${lifetime}s`)
      .sign(key);

  it('verifies what it signed, for its own audience only', async () => {
    const token = await signIdentity(clerk, secret, STAFF_AUDIENCE, 600);
    expect(await verifyIdentity(token, secret, STAFF_AUDIENCE)).toEqual(clerk);
    await expect(verifyIdentity(token, secret, INTERNAL_AUDIENCE)).rejects.toThrow(TokenError);
    await expect(verifyIdentity(token, `${secret}x`, STAFF_AUDIENCE)).rejects.toThrow(/token invalid/);
  });

  it.each([
    ['expired', async () => signIdentity(clerk, secret, STAFF_AUDIENCE, 60), new Date(Date.now() + 120_000), /expired/],
    ['living longer than a day', async () => raw({ sub: 'x', city: 'zhenjiang', roles: ['clerk'] }, 25 * 3600), undefined, /longer than 24 h/],
    ['without a city', async () => raw({ sub: 'x', roles: ['clerk'] }), undefined, /claims incomplete/],
    ['with a role that does not exist', async () => raw({ sub: 'x', city: 'zhenjiang', roles: ['root'] }), undefined, /claims incomplete/],
    ['not a token', async () => 'abc.def.ghi', undefined, /token invalid/],
  ])('refuses a token %s', async (_what, make, at, message) => {
    await expect(verifyIdentity(await make(), secret, STAFF_AUDIENCE, at)).rejects.toThrow(message);
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    [['Bearer first', 'Bearer second'], 'first'],
    ['Basic abc', null],
    [undefined, null],
    ['', null],
  ])('reads the bearer of %j as %j', (header, token) => {
    expect(bearer(header)).toBe(token);
  });
});
