import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayOptions } from '../gateway/server.js';
import { buildManifest } from '../gateway/protection/persisted.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { pglite } from './helpers/backends.js';
import { postJson, startTestGraph, TEST_CUSTOMERS, TEST_TODAY, type TestGraph } from './helpers/graph.js';
import { feed, listening, wsClient } from './helpers/ws.js';

const ctx = seedContext(TEST_TODAY);
const customer = Array.from({ length: TEST_CUSTOMERS }, (_, i) => generateCustomer(i, ctx)).find((c) => c.cityCode === 'zhenjiang')!;
const REGISTERED = `query Registered($m: String!) { customer(msisdn: $m) { name } }`;
const WATCH = `subscription Watch($counter: ID!) { counterEvents(counter: $counter) { id kind customer { name } } }`;
const OPEN = `mutation Open($counter: ID!) { openCounterSession(counter: $counter) { counter } }`;
const IDENTIFY = `mutation Identify($counter: ID!, $msisdn: String!) { identifyCustomer(counter: $counter, msisdn: $msisdn) { eventId } }`;
const manifest = buildManifest([REGISTERED, WATCH, OPEN, IDENTIFY]);

describe('persisted operations, subgraph failures and readiness', () => {
  let graph: TestGraph;
  let clerk: string;
  let subgraphCalls = 0;
  const post = (url: string, body: unknown) => postJson(url, body, clerk);

  beforeAll(async () => {
    graph = await startTestGraph(pglite, { persisted: { mode: 'safelist', manifest: new Map(manifest.operations.map((o) => [o.id, o.body])) } });
    for (const s of graph.subgraphs) s.subgraph.app.server.on('request', () => subgraphCalls++);
    clerk = await graph.token('clerk');
  });
  afterAll(async () => {
    await graph?.teardown();
  });

  /** Another gateway over the same subgraphs, some replaced, closed after `use`. */
  async function withGateway<T>(options: Partial<GatewayOptions>, use: (url: string) => Promise<T>): Promise<T> {
    const other = await graph.startGateway(options);
    try {
      return await use(other.url);
    } finally {
      await other.close();
    }
  }

  it('in safelist mode serves registered operations by id or by text, and refuses anything else before a subgraph hears of it', async () => {
    const [op] = manifest.operations;
    const byId = await post(graph.url, { extensions: { persistedQuery: { version: 1, sha256Hash: op.id } }, variables: { m: customer.msisdn } });
    expect(byId.body).toEqual({ data: { customer: { name: customer.name } } });
    const byDocumentId = await post(graph.url, { documentId: op.id, variables: { m: customer.msisdn } });
    expect(byDocumentId.body.data).toEqual({ customer: { name: customer.name } });
    // Whitespace and commas do not make it another operation.
    const byText = await post(graph.url, { query: REGISTERED.replaceAll(' ', '\n  , '), variables: { m: customer.msisdn } });
    expect(byText.body.errors).toBeUndefined();

    const before = subgraphCalls;
    const unknown = await post(graph.url, { query: `query($m: String!) { customer(msisdn: $m) { name idNumber } }`, variables: { m: customer.msisdn } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    const unknownId = await post(graph.url, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect(unknownId.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const batch = await post(graph.url, [{ documentId: op.id, variables: { m: customer.msisdn } }, { query: '{ halls { code } }' }]);
    expect(batch.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(subgraphCalls).toBe(before);
  });

  it('holds subscriptions to the safelist too', async () => {
    const client = wsClient(graph.url, clerk);
    try {
      const refused = feed(client, `subscription { counterEvents(counter: "zhenjiang-h01-c1") { id customer { idNumber } } }`);
      expect(await refused.error).toMatchObject([{ extensions: { code: 'PERSISTED_QUERY_NOT_IN_LIST' } }]);
      const counter = 'zhenjiang-h01-c3';
      const watch = await listening(graph.gateway, () => feed(client, WATCH, { counter }));
      expect((await post(graph.url, { query: OPEN, variables: { counter } })).body.errors).toBeUndefined();
      expect((await post(graph.url, { query: IDENTIFY, variables: { counter, msisdn: customer.msisdn } })).body.errors).toBeUndefined();
      expect((await watch.next()).data?.counterEvents).toMatchObject({ kind: 'SESSION_OPENED' });
      expect((await watch.next()).data?.counterEvents).toMatchObject({ customer: { name: customer.name } });
    } finally {
      client.dispose();
    }
  });

  it('in development registers automatic persisted queries on first use', async () => {
    await withGateway({}, async (url) => {
      const query = `query($m: String!) { customer(msisdn: $m) { id } }`;
      const sha256Hash = createHash('sha256').update(query).digest('hex');
      const extensions = { persistedQuery: { version: 1, sha256Hash } };
      expect((await post(url, { extensions, variables: { m: customer.msisdn } })).body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect((await post(url, { query, extensions, variables: { m: customer.msisdn } })).body.data).toEqual({ customer: { id: customer.id } });
      expect((await post(url, { extensions, variables: { m: customer.msisdn } })).body.data).toEqual({ customer: { id: customer.id } });
    });
  });

  it('times out a stalled subgraph, serves the other subgraphs, then opens the circuit and stops calling it', async () => {
    let stalledCalls = 0;
    const stalled: Server = createServer((req) => {
      if (req.url?.startsWith('/graphql')) stalledCalls++;
      // Never answers: the gateway must not wait for it longer than its timeout.
    });
    await new Promise<void>((r) => stalled.listen(0, '127.0.0.1', r));
    const stalledUrl = `http://127.0.0.1:${(stalled.address() as { port: number }).port}/graphql`;
    try {
      await withGateway(
        {
          subgraphUrls: { ...Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.url])), 'customer-insight': stalledUrl },
          subgraphPolicy: { timeoutMs: 300, breakerFailures: 2, breakerCooldownMs: 60_000 },
        },
        async (url) => {
          const query = `query($m: String!) { customer(msisdn: $m) { name } package(code: "${customer.currentPackageCode}") { code } }`;
          for (let i = 0; i < 2; i++) {
            const started = performance.now();
            const res = await post(url, { query, variables: { m: customer.msisdn } });
            expect(performance.now() - started).toBeLessThan(2000);
            expect(res.status).toBe(200);
            expect(res.body.data).toEqual({ customer: null, package: { code: customer.currentPackageCode } });
            expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'customer-insight', reason: 'TIMEOUT' });
            expect(JSON.stringify(res.body.errors)).not.toMatch(/127\.0\.0\.1|abort|stack/i);
          }
          expect(stalledCalls).toBe(2);
          const open = await post(url, { query, variables: { m: customer.msisdn } });
          expect(open.body.errors?.[0].extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'customer-insight', reason: 'CIRCUIT_OPEN' });
          expect(open.body.data).toEqual({ customer: null, package: { code: customer.currentPackageCode } });
          expect(stalledCalls).toBe(2);
          const ready = await fetch(url.replace('/graphql', '/ready'));
          expect(ready.status).toBe(503);
          expect(await ready.json()).toMatchObject({ status: 'degraded', subgraphs: { 'customer-insight': 'circuit-open', catalog: 'up' } });
          const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
          expect(metrics).toContain('lingxi_subgraph_fetch_errors_total{subgraph="customer-insight",reason="TIMEOUT"} 2');
          expect(metrics).toContain('lingxi_subgraph_fetch_errors_total{subgraph="customer-insight",reason="CIRCUIT_OPEN"} 1');
          expect(metrics).toContain('lingxi_subgraph_circuit_open{subgraph="customer-insight"} 1');
          expect(metrics).toMatch(/lingxi_subgraph_fetch_duration_seconds_count\{subgraph="catalog"\} [1-9]/);
          expect(metrics).toContain('lingxi_graphql_errors_total{code="SUBGRAPH_UNAVAILABLE"} 3');
        },
      );
    } finally {
      stalled.closeAllConnections();
      stalled.close();
    }
  });

  it('drains requests in flight when it shuts down, and takes no new ones', async () => {
    // A customer-insight that takes 300 ms to answer.
    let arrived = () => {};
    const reached = new Promise<void>((r) => (arrived = r));
    const slow: Server = createServer((req, res) => {
      req.resume();
      arrived();
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data":{"customer":null}}');
      }, 300);
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const { url, close } = await graph.startGateway({
      subgraphUrls: {
        ...Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.url])),
        'customer-insight': `http://127.0.0.1:${(slow.address() as { port: number }).port}/graphql`,
      },
    });
    try {
      const inFlight = post(url, { query: `{ customer(msisdn: "${customer.msisdn}") { name } }` });
      await reached;
      const closing = close();
      const answered = await inFlight;
      expect(answered.status).toBe(200);
      expect(answered.body).toEqual({ data: { customer: null } });
      await closing;
      await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
  });

  it('answers with the request id it was given, or one it made', async () => {
    const given = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}`, 'x-request-id': 'counter-7-abc' },
      body: '{"query":"{ halls { code } }"}',
    });
    expect(given.headers.get('x-request-id')).toBe('counter-7-abc');
    const made = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}`, 'x-request-id': 'x'.repeat(300) },
      body: '{"query":"{ halls { code } }"}',
    });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is ready when every subgraph is', async () => {
    const ready = await fetch(graph.url.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', subgraphs: { 'customer-insight': 'up', catalog: 'up', alerts: 'up', orders: 'up' } });
  });
});
