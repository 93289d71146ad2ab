import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pglite } from './helpers/backends.js';
import { startTestGraph, type TestGraph } from './helpers/graph.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A small deterministic generator, so a failure names a case that can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] };
}

type Case = { name: string; body: string | Uint8Array; contentType?: string; method?: 'POST' | 'GET'; query?: string };

const PUNCTUATION = ['{', '}', '(', ')', '[', ']', ':', '!', '$', '@', '...', '=', '|', '&', '"', '"""', '#', ',', '\\'];
const WORDS = [
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'customer',
  'halls',
  'package',
  '__schema',
  '__type',
  'id',
  'name',
  'true',
  'null',
  '1e309',
  '-0',
  '"x"',
  'ÿ',
  '\u0000',
  '😀',
  '客户',
];

/** Hostile and malformed requests of many kinds; none is a valid request for data. */
function generate(i: number): Case {
  const r = rng(i * 7919 + 17);
  const json = (v: unknown) => JSON.stringify(v);
  switch (i % 16) {
    case 0: {
      // nesting far past the parser's recursion limit
      const depth = 200 + r.int(4000);
      return { name: 'deep nesting', body: json({ query: `{ halls ${'{ code '.repeat(depth)}${'}'.repeat(depth)} }` }) };
    }
    case 1: {
      // alias floods
      const n = 31 + r.int(1500);
      return { name: 'alias flood', body: json({ query: `{ ${Array.from({ length: n }, (_, k) => `a${k}: halls { code }`).join(' ')} }` }) };
    }
    case 2: // huge strings in arguments
      return { name: 'huge string', body: json({ query: `{ customer(msisdn: "${'9'.repeat(1000 + r.int(200_000))}") { name } }` }) };
    case 3: {
      // invalid UTF-8 in the body
      const bytes = Buffer.from(json({ query: '{ halls { code } }' }));
      for (let k = 0; k < 1 + r.int(8); k++) bytes[r.int(bytes.length)] = r.pick([0xff, 0xfe, 0xc0, 0x80, 0xed]);
      return { name: 'invalid utf-8', body: new Uint8Array(bytes) };
    }
    case 4: // wrong types for variables and fields of the request
      return {
        name: 'wrong types',
        body: json(
          r.pick([
            { query: 'query($m: String!) { customer(msisdn: $m) { name } }', variables: { m: r.pick([123, true, null, [], { a: 1 }]) } },
            { query: r.pick([123, null, true, [], { query: '{ halls { code } }' }]) },
            { query: '{ halls { code } }', variables: r.pick(['x', 3, [1, 2]]) },
            { query: '{ halls { code } }', operationName: r.pick([5, {}, 'Nope']) },
            { query: '{ customer(msisdn: 13800000000) { name } }' },
            { query: '{ packages(first: "ten") { totalCount } }' },
          ]),
        ),
      };
    case 5: {
      // random token soup
      const n = 1 + r.int(400);
      return {
        name: 'token soup',
        body: json({ query: Array.from({ length: n }, () => (r.next() < 0.5 ? r.pick(PUNCTUATION) : r.pick(WORDS))).join(r.pick([' ', '', '\n'])) }),
      };
    }
    case 6: // bodies that are not JSON, or not what they claim
      return r.pick<Case>([
        { name: 'truncated json', body: json({ query: '{ halls { code } }' }).slice(0, r.int(20)) },
        { name: 'empty body', body: '' },
        { name: 'json scalar', body: r.pick(['1', 'null', '"x"', 'true']) },
        { name: 'text body', body: '{ halls { code } }', contentType: 'text/plain' },
        { name: 'deep json', body: `${'['.repeat(5000 + r.int(20_000))}` },
        { name: 'xml', body: '<?xml version="1.0"?><q/>', contentType: 'application/xml' },
      ]);
    case 7: // directive floods
      return { name: 'directive flood', body: json({ query: `{ halls ${'@include(if: true) '.repeat(100 + r.int(2000))} { code } }` }) };
    case 8: {
      // fragment bombs: each fragment spreads the previous one twice
      const levels = 17 + r.int(30);
      const frags = Array.from({ length: levels }, (_, k) => `fragment F${k} on Hall { code ${k > 0 ? `...F${k - 1} ...F${k - 1}` : ''} }`).join(' ');
      return { name: 'fragment bomb', body: json({ query: `{ halls { ...F${levels - 1} } } ${frags}` }) };
    }
    case 9: // fragment cycles
      return { name: 'fragment cycle', body: json({ query: '{ halls { ...A } } fragment A on Hall { code ...B } fragment B on Hall { ...A }' }) };
    case 10: // unknown fields and types
      return {
        name: 'unknown field',
        body: json({ query: `{ ${r.pick(['customerz', 'halls { password }', '__type(name: 1) { name }', 'customer { name }', 'mutation'])} }` }),
      };
    case 11: // too many tokens
      return { name: 'token flood', body: json({ query: `{ halls { ${'code '.repeat(15_001 + r.int(5000))} } }` }) };
    case 12: // batches of bad operations
      return {
        name: 'bad batch',
        body: json(Array.from({ length: 1 + r.int(50) }, () => ({ query: r.pick(['{', '{ nope }', '{ halls }', 'subscription { x }']) }))),
      };
    case 13: // hostile mutation input
      return {
        name: 'hostile input',
        body: json({
          query: 'mutation($o: [WarningOrderInput!]!) { ingestWarningOrders(orders: $o) { accepted } }',
          variables: { o: r.pick([Array.from({ length: 1000 }, () => ({ externalId: 1 })), 'x', [null], [{ nested: { deeper: { deepest: [[[[]]]] } } }]]) },
        }),
      };
    case 14: // GET requests: mutations, garbage, missing queries
      return {
        name: 'bad GET',
        method: 'GET',
        body: '',
        query: r.pick(['query=mutation%7BcancelHandling%7D', 'query=%7B%7B%7B', 'extensions=%7Bbad', `query=${'%7B'.repeat(300)}`, 'variables=%5B', '']),
      };
    default: // subscriptions and introspection abuse over HTTP
      return {
        name: 'introspection abuse',
        body: json({
          query: r.pick([
            `{ __schema { types { fields { type { ${'ofType { '.repeat(30)}name${' }'.repeat(30)} } } } } }`,
            'subscription { counterEvents(counter: "x") { id } }',
            `{ ${Array.from({ length: 25 }, (_, k) => `s${k}: __schema { queryType { name } }`).join(' ')} }`,
          ]),
        }),
      };
  }
}

describe('the gateway under 10 000 malformed and hostile requests', () => {
  let graph: TestGraph;
  let clerk: string;

  beforeAll(async () => {
    graph = await startTestGraph(pglite);
    clerk = await graph.token('clerk');
  });
  afterAll(async () => {
    await graph?.teardown();
  });

  async function send(c: Case): Promise<{ status: number; body: { errors?: { extensions?: { code?: string } }[] } | null }> {
    const url = c.method === 'GET' ? `${graph.url}?${c.query}` : graph.url;
    const res = await fetch(url, {
      method: c.method ?? 'POST',
      headers: {
        authorization: `Bearer ${clerk}`,
        ...(c.method === 'GET' ? { 'apollo-require-preflight': '1' } : { 'content-type': c.contentType ?? 'application/json' }),
      },
      ...(c.method === 'GET' ? {} : { body: c.body as BodyInit }),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      return { status: res.status, body: null };
    }
  }

  async function run(from: number, to: number, concurrency = 8): Promise<void> {
    let next = from;
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < to) {
          const i = next++;
          const c = generate(i);
          const { status, body } = await send(c);
          const codes = body?.errors?.map((e) => e.extensions?.code) ?? [];
          const refused = (status >= 400 && status < 500) || (status === 200 && codes.length > 0);
          if (!refused || codes.includes('INTERNAL_SERVER_ERROR')) failures.push(`case ${i} (${c.name}): HTTP ${status} ${JSON.stringify(body).slice(0, 200)}`);
        }
      }),
    );
    expect(failures).toEqual([]);
  }

  it('refuses every one with a 4xx or a GraphQL error, stays up, and returns to its memory baseline', async () => {
    // Bounded caches fill during the warm-up; after it, memory must stay where it is.
    await run(0, 3200);
    gc();
    const baseline = process.memoryUsage().heapUsed;
    await run(3200, 13_200);
    gc();
    // Finalizers run on a later turn of the event loop: let them, then collect what they freed.
    await new Promise((r) => setImmediate(r));
    gc();
    const after = process.memoryUsage().heapUsed;
    // Bounded caches (parsed documents, plans, limits) may settle a little higher; a leak per request would not.
    expect((after - baseline) / 2 ** 20, `heap grew from ${(baseline / 2 ** 20).toFixed(0)} MB to ${(after / 2 ** 20).toFixed(0)} MB`).toBeLessThan(32);
    const alive = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}` },
      body: '{"query":"{ halls { code } }"}',
    });
    expect(((await alive.json()) as { data: { halls: unknown[] } }).data.halls.length).toBeGreaterThan(0);
    // A bound, not a speed target: 13 200 requests took 160–190 s alone on a slow day of this
    // machine, and over 240 s beside the rest of the suite.
  }, 600_000);
});
