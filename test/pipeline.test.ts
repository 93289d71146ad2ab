import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signIdentity, STAFF_AUDIENCE } from '../lib/auth/tokens.js';
import { signedHeaders } from '../lib/hmac.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { buildManifest } from '../gateway/protection/persisted.js';
import { pglite } from './helpers/backends.js';
import { postJson, startTestGraph, TEST_CUSTOMERS, TEST_HOOKS, TEST_SECRETS, TEST_TODAY, type TestGraph } from './helpers/graph.js';
import { feed, listening, wsClient } from './helpers/ws.js';

const ctx = seedContext(TEST_TODAY);
const customer = Array.from({ length: TEST_CUSTOMERS }, (_, i) => generateCustomer(i, ctx)).find((c) => c.cityCode === 'zhenjiang')!;
const LIMITS = { maxDepth: 6, maxHeight: 40, maxAliases: 3, maxRootFields: 3, maxTokens: 400, maxRecursion: 24, maxDocumentBytes: 4096 };
const COUNTER = 'zhenjiang-h01-c1';

/** The same selection under a customer: `customer(msisdn:)` over HTTP, a counter's event over WebSocket. */
const http = (selection: string) => ({ query: `query($m: String!) { customer(msisdn: $m) { ${selection} } }`, variables: { m: customer.msisdn } });
const ws = (selection: string) => ({ query: `subscription { counterEvents(counter: "${COUNTER}") { customer { ${selection} } } }`, variables: {} });
const wide =
  'id name msisdn idNumber segment joinedOn tenureMonths arpu tags activeWarningCount city { code name } hall { code name } usage { month dataMb voiceMinutes overageFee } currentPackage { code name family monthlyFee dataGb voiceMinutes contractMonths status cities description } holdings { id kind name startDate endDate daysLeft expiryLabel monthlyFee promotionCode tierCode }';

interface Case {
  name: string;
  code: string;
  /** The request over HTTP (POST); null where the entry point cannot express the case. */
  http: { query: string; variables?: Record<string, unknown> } | null;
  ws: { query: string; variables?: Record<string, unknown> } | null;
  /** An MCP tool call; MCP sends only the graph's own documents, so only its arguments can be refused. */
  mcp: { name: string; arguments: Record<string, unknown> } | null;
}

/**
 * Every refusal of the one request pipeline (gateway/protection/pipeline.ts), sent through every
 * entry point that can express it, answered with the same code. Root fields cannot be sent over
 * WebSocket (a subscription has exactly one); document-level cases cannot be sent over MCP (its
 * documents are the graph's own), whose arguments go through the same variable checks.
 */
const CASES: Case[] = [
  {
    name: 'depth',
    code: 'MAX_DEPTH_LIMIT',
    http: http('holdings { package { promotions { batches { tiers { gifts { name } } } } } }'),
    ws: ws('holdings { package { promotions { batches { tiers { gifts { name } } } } } }'),
    mcp: null,
  },
  { name: 'height', code: 'MAX_HEIGHT_LIMIT', http: http(wide), ws: ws(wide), mcp: null },
  {
    name: 'aliases',
    code: 'MAX_ALIASES_LIMIT',
    http: http('a: name b: name c: name d: name e: name'),
    ws: ws('a: name b: name c: name d: name e: name'),
    mcp: null,
  },
  {
    name: 'root fields',
    code: 'MAX_ROOT_FIELDS_LIMIT',
    http: { query: '{ halls { code } ruleSet { version } packages(first: 1) { totalCount } package(code: "X") { code } }' },
    ws: null,
    mcp: null,
  },
  { name: 'tokens', code: 'GRAPHQL_PARSE_FAILED', http: http('name '.repeat(450)), ws: ws('name '.repeat(450)), mcp: null },
  {
    name: 'nesting',
    code: 'GRAPHQL_PARSE_FAILED',
    http: http(`name ${'holdings { '.repeat(30)}${'}'.repeat(30)}`),
    ws: ws(`name ${'holdings { '.repeat(30)}${'}'.repeat(30)}`),
    mcp: null,
  },
  {
    name: 'document size',
    code: 'PAYLOAD_TOO_LARGE',
    http: { ...http('name'), query: `${http('name').query} # ${'x'.repeat(5000)}` },
    ws: { query: `${ws('name').query} # ${'x'.repeat(5000)}` },
    mcp: null,
  },
  {
    name: 'bad variables',
    code: 'BAD_USER_INPUT',
    http: { query: 'query($m: String!) { customer(msisdn: $m) { name } }', variables: { m: { not: 'a string' } } },
    ws: { query: 'subscription($c: ID!) { counterEvents(counter: $c) { id } }', variables: { c: { not: 'an id' } } },
    mcp: null,
  },
  {
    name: 'NUL in a variable',
    code: 'BAD_USER_INPUT',
    http: { query: 'query($m: String!) { customer(msisdn: $m) { name } }', variables: { m: '1381234\u00005678' } },
    ws: { query: 'subscription($c: ID!) { counterEvents(counter: $c) { id } }', variables: { c: `${COUNTER}\u0000` } },
    mcp: { name: 'customer_insight', arguments: { msisdn: '1381234\u00005678' } },
  },
  {
    name: 'NUL in a literal',
    code: 'BAD_USER_INPUT',
    http: { query: '{ package(code: "QQT\\u0000") { code } }' },
    ws: { query: 'subscription { counterEvents(counter: "c\\u0000") { id } }' },
    mcp: null,
  },
  {
    name: 'lone surrogate in a variable',
    code: 'BAD_USER_INPUT',
    http: { query: 'query($c: ID!) { package(code: $c) { code } }', variables: { c: 'QQT\ud800' } },
    ws: { query: 'subscription($c: ID!) { counterEvents(counter: $c) { id } }', variables: { c: 'c\udfff' } },
    mcp: { name: 'acknowledge_warning_order', arguments: { id: 'W\ud800' } },
  },
];

describe('one request pipeline for every entry point', () => {
  let graph: TestGraph;
  let clerk: string;
  let mcp: Client;

  beforeAll(async () => {
    graph = await startTestGraph(pglite, { limits: LIMITS });
    clerk = await graph.token('clerk');
    mcp = new Client({ name: 'pipeline-test', version: '1.0.0' });
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL(graph.url.replace(/graphql$/, 'mcp')), { requestInit: { headers: { authorization: `Bearer ${clerk}` } } }),
    );
  });
  afterAll(async () => {
    await mcp?.close();
    await graph?.teardown();
  });

  /** The code a subscription is refused with at subscribe time. */
  async function wsRefusal(request: { query: string; variables?: Record<string, unknown> }, token = clerk, url = graph.url): Promise<unknown> {
    const client = wsClient(url, token);
    try {
      const f = feed(client, request.query, request.variables ?? {});
      const errors = (await f.error) as { extensions?: { code?: string } }[];
      return errors[0]?.extensions?.code;
    } finally {
      await client.dispose();
    }
  }

  for (const c of CASES) {
    it(`refuses ${c.name} with ${c.code} over HTTP, WebSocket and MCP alike`, async () => {
      if (c.http) {
        const res = await postJson(graph.url, c.http, clerk);
        expect(res.body.errors?.[0].extensions?.code, 'HTTP').toBe(c.code);
        expect(res.body.data ?? null, 'HTTP').toBeNull();
      }
      if (c.ws) expect(await wsRefusal(c.ws), 'WebSocket').toBe(c.code);
      if (c.mcp) {
        const result = (await mcp.callTool(c.mcp)) as { content: { text: string }[]; isError?: boolean };
        expect(result.isError, 'MCP').toBe(true);
        expect(JSON.parse(result.content[0].text).errors[0].code, 'MCP').toBe(c.code);
      }
    });
  }

  it('refuses a caller with no token with UNAUTHENTICATED everywhere', async () => {
    const res = await postJson(graph.url, http('name'), null);
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      const client = wsClient(graph.url, null, (code, reason) => resolve({ code, reason }));
      feed(client, ws('name').query);
    });
    expect(closed.code).toBe(4403);
    expect(closed.reason).toMatch(/^UNAUTHENTICATED/);
    const rpc = await fetch(graph.url.replace(/graphql$/, 'mcp'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(rpc.status).toBe(401);
    expect(((await rpc.json()) as { error: { data: { code: string } } }).error.data.code).toBe('UNAUTHENTICATED');
  });

  it('takes out fields the caller may not see, with the same code over HTTP and in each pushed event', async () => {
    const ops = await graph.token('ops');
    const res = await postJson(graph.url, { query: 'query($m: String!) { customer(msisdn: $m) { name idNumber } }', variables: { m: customer.msisdn } }, ops);
    const httpCode = res.body.errors?.find((e) => e.path?.join('.') === 'customer.idNumber')?.extensions?.code;
    expect(httpCode).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const client = wsClient(graph.url, ops);
    try {
      const events = await listening(graph.gateway, () =>
        feed(client, 'subscription { hallWarningOrders(hall: "zhenjiang-h01") { warningOrder { externalId customer { name idNumber } } } }'),
      );
      const body = JSON.stringify({
        orders: [
          {
            externalId: 'PIPE-1',
            msisdn: customer.msisdn,
            type: '欠费',
            level: '高',
            content: '客户欠费。',
            issuedAt: '2026-11-24T09:00:00+08:00',
            city: 'zhenjiang',
            hall: 'zhenjiang-h01',
          },
        ],
      });
      const ingest = await fetch(graph.url.replace(/graphql$/, 'hooks/warning-orders'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.gridSecret, body) },
        body,
      });
      expect(ingest.status).toBe(200);
      const event = await events.next();
      expect(event.data!.hallWarningOrders.warningOrder).toMatchObject({ externalId: 'PIPE-1', customer: { idNumber: null } });
      expect(
        event.errors?.find((e) => (e as { path?: string[] }).path?.join('.') === 'hallWarningOrders.warningOrder.customer.idNumber')?.extensions?.code,
      ).toBe(httpCode);
    } finally {
      await client.dispose();
    }
  });

  it('refuses what the safelist does not hold over HTTP and WebSocket alike, and serves a registered id by GET', async () => {
    const registered = 'query Name($m: String!) { customer(msisdn: $m) { name } }';
    const manifest = buildManifest([registered]);
    const gateway = await graph.startGateway({
      persisted: { mode: 'safelist', manifest: new Map(manifest.operations.map((o) => [o.id, o.body])) },
      limits: LIMITS,
    });
    try {
      expect((await postJson(gateway.url, http('name tags'), clerk)).body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      expect(await wsRefusal(ws('name'), clerk, gateway.url)).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      const id = manifest.operations[0].id;
      const get = await fetch(`${gateway.url}?documentId=${id}&variables=${encodeURIComponent(JSON.stringify({ m: customer.msisdn }))}`, {
        headers: { authorization: `Bearer ${clerk}` },
      });
      expect(get.status).toBe(200);
      expect(await get.json()).toEqual({ data: { customer: { name: customer.name } } });
    } finally {
      await gateway.close();
    }
  });

  it('closes a subscription when its token expires, unless the client renews it', async () => {
    const identity = { staffId: 'zhenjiang-s002', name: 'x', hall: 'zhenjiang-h01', city: 'zhenjiang', roles: ['clerk' as const] };
    const shortLived = await signIdentity(identity, TEST_SECRETS.jwtSecret, STAFF_AUDIENCE, 2);
    const expired = new Promise<{ code: number; reason: string }>((resolve) => {
      const client = wsClient(graph.url, shortLived, (code, reason) => resolve({ code, reason }));
      feed(client, ws('name').query);
    });
    expect(await expired).toMatchObject({ code: 4403, reason: expect.stringMatching(/^UNAUTHENTICATED: token expired/) });

    // Renewed by a ping carrying a fresh token of the same person, the socket outlives the first token.
    const renewed = await signIdentity(identity, TEST_SECRETS.jwtSecret, STAFF_AUDIENCE, 3600);
    const socket = new WebSocket(graph.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: { type: string }[] = [];
    const waiting: { type: string; resolve: () => void }[] = [];
    let closedWith: number | null = null;
    socket.on('close', (code) => (closedWith = code));
    socket.on('message', (d) => {
      const m = JSON.parse(String(d)) as { type: string };
      const w = waiting.findIndex((x) => x.type === m.type);
      if (w >= 0) waiting.splice(w, 1)[0].resolve();
      else messages.push(m);
    });
    const received = (type: string) =>
      new Promise<void>((resolve) => {
        const i = messages.findIndex((m) => m.type === type);
        if (i >= 0) {
          messages.splice(i, 1);
          resolve();
        } else waiting.push({ type, resolve });
      });
    await new Promise<void>((r) => socket.once('open', () => r()));
    socket.send(
      JSON.stringify({
        type: 'connection_init',
        payload: { authorization: `Bearer ${await signIdentity(identity, TEST_SECRETS.jwtSecret, STAFF_AUDIENCE, 2)}` },
      }),
    );
    await received('connection_ack');
    // A witness whose token expires a second after the first: once it is closed, the first token's
    // expiry has passed too.
    const witness = new Promise<void>((resolve) => {
      void signIdentity(identity, TEST_SECRETS.jwtSecret, STAFF_AUDIENCE, 3).then((token) =>
        feed(
          wsClient(graph.url, token, () => resolve()),
          ws('name').query,
        ),
      );
    });
    socket.send(JSON.stringify({ type: 'ping', payload: { authorization: `Bearer ${renewed}` } }));
    await received('pong');
    await witness;
    socket.send(JSON.stringify({ type: 'ping' }));
    await received('pong');
    expect(closedWith).toBeNull();
    socket.close();
  });
});
