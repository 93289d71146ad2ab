import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIdentity, STAFF_AUDIENCE } from '../lib/auth/tokens.js';
import { signedHeaders } from '../lib/hmac.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import {
  CancelHandlingDocument,
  ImportCatalogDocument,
  CounterEventByIdDocument,
  CustomerInsightDocument,
  CustomerWithCardsDocument,
  HandlingSessionViewDocument,
  IdentifyCustomerDocument,
  StartHandlingDocument,
} from './__generated__/graphql.js';
import { catalogToJson } from '../subgraphs/catalog/domain/import.js';
import { liveRows } from '../subgraphs/catalog/versions-store.js';
import { BACKENDS } from './helpers/backends.js';
import { postJson, startTestGraph, TEST_CUSTOMERS, TEST_HOOKS, TEST_SECRETS, TEST_TODAY, type TestGraph } from './helpers/graph.js';
import { feed, listening, wsClient } from './helpers/ws.js';

const ctx = seedContext(TEST_TODAY);
const seeded = Array.from({ length: TEST_CUSTOMERS }, (_, i) => generateCustomer(i, ctx));
const zhenjiang = seeded.filter((c) => c.cityCode === 'zhenjiang' && c.holdings.length >= 2);
const nanjingCustomer = seeded.find((c) => c.cityCode === 'nanjing')!;
/** A clerk of hall h02: same city as the test clerk (h01), another hall. */
const otherHallClerk = () =>
  signIdentity(
    { staffId: 'zhenjiang-s010', name: '另厅', hall: 'zhenjiang-h02', city: 'zhenjiang', roles: ['clerk'] },
    TEST_SECRETS.jwtSecret,
    STAFF_AUDIENCE,
    3600,
  );

/** A raw HTTP request: the path goes out exactly as written (fetch would normalise it). */
function rawRequest(url: string, method: string, path: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname, port, method, path, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Polls a condition the graph reaches on its own (an event consumed, a row written), with a deadline. */

describe.each(BACKENDS)('holes an attacker and a crash found stay closed, on $name', (backend) => {
  let graph: TestGraph;
  let clerk: string;
  let base: string;

  beforeAll(async () => {
    graph = await startTestGraph(backend);
    clerk = await graph.token('clerk');
    base = graph.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await graph?.teardown();
  });

  it('checks the gateway identity on the route a subgraph matched, not on the URL text', async () => {
    for (const subgraph of graph.subgraphs) {
      for (const path of ['/graphql', '/%67raphql', '/graphql?x=1', '/GRAPHQL']) {
        const res = await rawRequest(subgraph.url, 'POST', path, JSON.stringify({ query: '{ _service { sdl } }' }));
        expect(res.status, `${subgraph.name} ${path}`).toBeGreaterThanOrEqual(400);
        expect(res.text, `${subgraph.name} ${path}`).not.toContain('sdl');
      }
    }
  });

  it('forwards only the allowed hooks, to their own paths, and never reaches a subgraph otherwise', async () => {
    for (const path of ['/hooks/../%67raphql', '/hooks/..%2fgraphql', '/hooks/%2e%2e/graphql', '/hooks/graphql', '/hooks/warning-orders/../../graphql']) {
      const res = await rawRequest(base, 'POST', path, JSON.stringify({ query: '{ _service { sdl } }' }));
      expect(res.status, path).toBe(404);
      expect(res.text, path).not.toMatch(/sdl|internal|内部/);
    }
    // The allowed ones still work, signed.
    const body = JSON.stringify({ counter: 'zhenjiang-h01-c3', msisdn: zhenjiang[0].msisdn, source: 'QUEUE' });
    const res = await fetch(`${base}/hooks/counter-identified`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.counterHookSecret, body) },
      body,
    });
    expect(res.status).toBe(200);
  });

  it('refuses tokens that never expire or live longer than a shift allows', async () => {
    const key = new TextEncoder().encode(TEST_SECRETS.jwtSecret);
    const claims = { name: 'x', hall: 'zhenjiang-h01', city: 'zhenjiang', roles: ['clerk'] };
    const forever = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('zhenjiang-s002')
      .setIssuer('lingxi-graph')
      .setAudience(STAFF_AUDIENCE)
      .setIssuedAt()
      .sign(key);
    const month = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('zhenjiang-s002')
      .setIssuer('lingxi-graph')
      .setAudience(STAFF_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('30d')
      .sign(key);
    for (const token of [forever, month]) {
      const res = await graph.request(CustomerWithCardsDocument, { msisdn: zhenjiang[0].msisdn }, token);
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it("marks delivered only the orders of the counter's city, and answers an identification of another city's number without losing it", async () => {
    const customer = zhenjiang[1];
    const orders = [
      {
        externalId: `HX-ZJ-${backend.name}`,
        msisdn: customer.msisdn,
        type: '欠费',
        level: '高',
        content: '【脉动预警·欠费】客户欠费128元。建议：提醒缴费。',
        issuedAt: '2026-11-24T09:00:00+08:00',
        city: 'zhenjiang',
        hall: 'zhenjiang-h01',
      },
      {
        externalId: `HX-NJ-${backend.name}`,
        msisdn: customer.msisdn,
        type: '离网',
        level: '高',
        content: '【脉动预警·离网】南京的同号工单。建议：回访。',
        issuedAt: '2026-11-24T09:00:00+08:00',
        city: 'nanjing',
        hall: 'nanjing-h01',
      },
    ];
    const body = JSON.stringify({ orders });
    const ingest = await fetch(`${base}/hooks/warning-orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.gridSecret, body) },
      body,
    });
    expect(ingest.status).toBe(200);
    const client = wsClient(graph.url, clerk);
    try {
      const events = await listening(graph.gateway, () => feed(client, 'subscription { counterEvents(counter: "zhenjiang-h01-c2") { id customer { id } } }'));
      const identified = await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h01-c2', msisdn: customer.msisdn }, clerk);
      expect(identified.body.errors).toBeUndefined();
      expect((await events.next()).data!.counterEvents.customer.id).toBe(customer.id);
      const status = async (externalId: string) =>
        (await graph.databases.get('alerts')!.query<{ status: string }>(`SELECT status FROM alerts.warning_order WHERE external_id = $1`, [externalId]))[0]
          .status;
      await vi.waitFor(async () => expect(await status(orders[0].externalId)).toBe('DELIVERED'), { timeout: 5000, interval: 20 });
      expect(await status(orders[1].externalId)).toBe('NEW');

      // Another city's number at this counter: the event goes out and the answer says so, with no customer.
      const walkIn = await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h01-c2', msisdn: nanjingCustomer.msisdn }, clerk);
      expect(walkIn.body.errors).toBeUndefined();
      expect(walkIn.body.data!.identifyCustomer).toMatchObject({ counter: 'zhenjiang-h01-c2', customer: null });
      expect((await events.next()).data!.counterEvents.customer).toBeNull();

      // The counter's events are its hall's: a clerk of another hall reads none of them.
      const eventId = identified.body.data!.identifyCustomer.eventId;
      expect((await graph.request(CounterEventByIdDocument, { id: eventId }, clerk)).body.data!.counterEvent).toMatchObject({ id: eventId });
      expect((await graph.request(CounterEventByIdDocument, { id: eventId }, await otherHallClerk())).body.data!.counterEvent).toBeNull();
    } finally {
      await client.dispose();
    }
  });

  it("sends one clerk's two different subscriptions on one counter each holding once", async () => {
    const customer = zhenjiang[2];
    const client = wsClient(graph.url, clerk);
    try {
      const [named, bare, red, expiring] = await listening(
        graph.gateway,
        () => [
          feed(client, 'subscription { counterEvents(counter: "zhenjiang-h01-c4") { customer { holdings { id name } } } }'),
          feed(client, 'subscription { counterEvents(counter: "zhenjiang-h01-c4") { customer { holdings { id } } } }'),
          feed(client, 'subscription { counterEvents(counter: "zhenjiang-h01-c4") { customer { holdings(labels: [RED]) { id } } } }'),
          feed(client, 'subscription { counterEvents(counter: "zhenjiang-h01-c4") { customer { holdings(labels: [RED, YELLOW]) { id } } } }'),
        ],
        4,
      );
      const all = (await graph.request(CustomerInsightDocument, { msisdn: customer.msisdn }, clerk)).body.data!.customer!.holdings;
      const labelled = (labels: string[]) =>
        all
          .filter((h) => labels.includes(h.expiryLabel))
          .map((h) => h.id)
          .sort();
      for (let round = 0; round < 3; round++) {
        expect((await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h01-c4', msisdn: customer.msisdn }, clerk)).body.errors).toBeUndefined();
        const ids = async (f: typeof named) => ((await f.next()).data!.counterEvents.customer.holdings as { id: string }[]).map((h) => h.id).sort();
        expect(await ids(named)).toEqual(all.map((h) => h.id).sort());
        expect(await ids(bare)).toEqual(all.map((h) => h.id).sort());
        expect(await ids(red)).toEqual(labelled(['RED']));
        expect(await ids(expiring)).toEqual(labelled(['RED', 'YELLOW']));
      }
    } finally {
      await client.dispose();
    }
  });

  it('rejects what the database would refuse record by record, every problem listed, the same on every retry', async () => {
    const good = {
      externalId: `ING-OK-${backend.name}`,
      msisdn: zhenjiang[7].msisdn,
      type: '欠费',
      level: '高',
      content: '客户欠费。',
      issuedAt: '2026-11-24T09:00:00+08:00',
      city: 'zhenjiang',
      hall: 'zhenjiang-h01',
    };
    const batch = [
      good,
      { ...good, externalId: `ING-Y0-${backend.name}`, issuedAt: '0000-01-01T00:00:00Z' },
      { ...good, externalId: `ING-SUR-${backend.name}`, content: 'bad \ud800 text' },
      { ...good, externalId: `ING-DUE-${backend.name}`, dueDate: '0000-12-31' },
      { ...good, externalId: `ING-MANY-${backend.name}`, msisdn: '123', level: 'URGENT', city: 'atlantis', content: '' },
    ];
    const send = async () => {
      const body = JSON.stringify({ orders: batch });
      const res = await fetch(`${base}/hooks/warning-orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.gridSecret, body) },
        body,
      });
      return { status: res.status, text: await res.text() };
    };
    const first = await send();
    expect(first.status).toBe(400);
    expect(first.text).not.toMatch(/22008|SQLSTATE|invalid input syntax|out of range|date\/time field/i);
    const outcome = JSON.parse(first.text) as {
      accepted: number;
      duplicates: number;
      rejected: { index: number; field: string | null; problems: { field: string | null }[] }[];
    };
    expect(outcome.accepted).toBe(1);
    expect(outcome.rejected.map((r) => [r.index, r.field])).toEqual([
      [1, 'issuedAt'],
      [2, 'content'],
      [3, 'dueDate'],
      [4, 'content'],
    ]);
    expect(outcome.rejected[3].problems.map((p) => p.field)).toEqual(['content', 'msisdn', 'level', 'city', 'hall']);
    const again = JSON.parse((await send()).text) as typeof outcome;
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(again.rejected).toEqual(outcome.rejected);
  });

  it('takes a signed counter identification once: a replay makes no second event', async () => {
    const client = wsClient(graph.url, clerk);
    try {
      const events = await listening(graph.gateway, () => feed(client, 'subscription { counterEvents(counter: "zhenjiang-h01-c5") { id source } }'));
      const body = JSON.stringify({ counter: 'zhenjiang-h01-c5', msisdn: zhenjiang[8].msisdn, source: 'QUEUE' });
      const headers = { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.counterHookSecret, body) };
      const answers = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${base}/hooks/counter-identified`, { method: 'POST', headers, body });
        answers.push({ status: res.status, body: (await res.json()) as { eventId: string } });
      }
      expect(answers.map((a) => a.status)).toEqual([200, 409, 409]);
      expect(answers.map((a) => a.body.eventId)).toEqual(Array(3).fill(answers[0].body.eventId));
      expect((await events.next()).data!.counterEvents).toMatchObject({ id: answers[0].body.eventId, source: 'QUEUE' });
      // The next event is the next identification, not a replay.
      const next = await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h01-c5', msisdn: zhenjiang[8].msisdn }, clerk);
      expect((await events.next()).data!.counterEvents).toMatchObject({ id: next.body.data!.identifyCustomer.eventId, source: 'CLERK' });
    } finally {
      await client.dispose();
    }
  });

  it("writes an access-log row for every way of showing a customer, and shows no other city's", async () => {
    const customer = zhenjiang[9];
    const insight = graph.databases.get('customer-insight')!;
    const logged = async () =>
      (await insight.query<{ n: number }>(`SELECT count(*)::int AS n FROM customer_insight.access_log WHERE customer_id = $1`, [customer.id]))[0].n;
    await graph.databases.get('orders')!.query(
      `INSERT INTO orders.customer_order (id, order_number, customer_id, city_code, hall_code, staff_id, package_code, status, total_fee_cents, created_at, submitted_at)
       VALUES ('OAUDIT1', 'ZXAUDIT1', $1, 'zhenjiang', 'zhenjiang-h01', 'zhenjiang-s002', '5GCX128', 'COMPLETED', 0, now(), now())`,
      [customer.id],
    );
    const body = JSON.stringify({
      orders: [
        {
          externalId: `AUDIT-${backend.name}`,
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
    const ingested = await fetch(`${base}/hooks/warning-orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.gridSecret, body) },
      body,
    });
    const [warningId] = ((await ingested.json()) as { ids: string[] }).ids;
    const ways = [
      { query: `{ order(id: "OAUDIT1") { customer { orders { id } } } }`, at: (d: any) => d.order.customer },
      { query: `{ order(id: "OAUDIT1") { customer { id } } }`, at: (d: any) => d.order.customer },
      { query: `{ warningOrder(id: "${warningId}") { customer { activeWarningCount warningOrders { id } } } }`, at: (d: any) => d.warningOrder.customer },
    ];
    for (const way of ways) {
      const before = await logged();
      const res = await postJson(graph.url, { query: way.query }, clerk);
      expect(res.body.errors, way.query).toBeUndefined();
      expect(way.at(res.body.data), way.query).not.toBeNull();
      expect(Object.keys(way.at(res.body.data)), way.query).not.toContain('lingxiShown__');
      expect(await logged(), way.query).toBe(before + 1);
    }
  });

  it("lets a city's marketing import changes to its own city's packages only", async () => {
    const exported = async () =>
      JSON.parse(catalogToJson(await liveRows(graph.databases.get('catalog')!))) as {
        packages: { code: string; cities: string[]; monthlyFee: number; status: string }[];
      };
    const zhenjiangMarketing = await graph.token('marketing');
    const nanjingMarketing = await graph.token('marketing', 'nanjing');
    const importing = (doc: unknown, token: string) => graph.request(ImportCatalogDocument, { input: { format: 'JSON', json: JSON.stringify(doc) } }, token);

    const repriced = await exported();
    const everywhere = repriced.packages.find((p) => p.cities.length === 13)!;
    const dropped = repriced.packages.filter((p) => p.cities.length === 13).at(-1)!;
    everywhere.monthlyFee += 1;
    repriced.packages = repriced.packages.filter((p) => p !== dropped);
    const refused = (await importing(repriced, zhenjiangMarketing)).body.data!.importCatalog;
    expect(refused.version).toBeNull();
    expect(refused.problems.map((p) => p.record).sort()).toEqual([`packages[${everywhere.code}]`, `packages[${dropped.code}]`].sort());
    repriced.packages.push(dropped);

    const own = await exported();
    const mine = own.packages.find((p) => p.cities.length === 1 && p.cities[0] === 'zhenjiang')!;
    mine.monthlyFee += 1;
    const imported = (await importing(own, zhenjiangMarketing)).body.data!.importCatalog;
    expect(imported.problems).toEqual([]);
    expect(imported.version).not.toBeNull();
    // Zhenjiang's own package is not Nanjing's to change either.
    mine.monthlyFee += 1;
    expect((await importing(own, nanjingMarketing)).body.data!.importCatalog.problems.map((p) => p.record)).toEqual([`packages[${mine.code}]`]);
    // The province's marketing may change what every city sells.
    expect((await importing(repriced, await graph.token('province_marketing', 'nanjing'))).body.data!.importCatalog.problems).toEqual([]);
  });

  it('gives every concurrent retry of one idempotency key the first answer', async () => {
    const input = { idempotencyKey: `same-key-${backend.name}`, customerId: zhenjiang[3].id };
    const answers = await Promise.all(Array.from({ length: 60 }, () => graph.request(StartHandlingDocument, { input }, clerk)));
    for (const a of answers) expect(a.body.errors).toBeUndefined();
    expect(new Set(answers.map((a) => a.body.data!.startHandling.id)).size).toBe(1);
  });

  it("keeps a handling session within its hall: another hall's clerk neither reads nor cancels it", async () => {
    const s = (await graph.request(StartHandlingDocument, { input: { idempotencyKey: `hall-${backend.name}`, customerId: zhenjiang[4].id } }, clerk)).body.data!
      .startHandling;
    const stranger = await otherHallClerk();
    expect((await graph.request(HandlingSessionViewDocument, { id: s.id }, stranger)).body.data!.handlingSession).toBeNull();
    const cancel = await graph.request(CancelHandlingDocument, { input: { sessionId: s.id, version: s.version, idempotencyKey: 'c1' } }, stranger);
    expect(cancel.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await graph.request(HandlingSessionViewDocument, { id: s.id }, clerk)).body.data!.handlingSession!.status).toBe('DRAFT');
    // The hall's manager sees it.
    expect((await graph.request(HandlingSessionViewDocument, { id: s.id }, await graph.token('hall_manager'))).body.data!.handlingSession!.id).toBe(s.id);
  });

  it('evaluates at most five guesses of a confirmation code, however many arrive at once, and takes no staff token for one', async () => {
    const id = `HSRACE${backend.name}`;
    const code = '246810';
    const token = `race-token-${backend.name}-0123456789`;
    const confirmation = {
      codeHash: createHash('sha256')
        .update(JSON.stringify(`${id}:${code}`))
        .digest('hex'),
      token,
      expiresAt: '2099-01-01T00:00:00Z',
      confirmedAt: null,
      attempts: 0,
    };
    await graph.databases.get('orders')!.query(
      `INSERT INTO orders.handling_session (id, customer_id, city_code, hall_code, staff_id, status, cart, requires_approval, confirmation, created_at, updated_at, expires_at)
       VALUES ($1, $2, 'zhenjiang', 'zhenjiang-h01', 'zhenjiang-s002', 'AWAITING_APPROVAL', '{"packageCode":null,"packageName":null,"promotion":null,"addOns":[]}', true, $3::jsonb, now(), now(), now() + interval '1 day')`,
      [id, zhenjiang[5].id, JSON.stringify(confirmation)],
    );
    const guess = (typed: string) =>
      fetch(`${base}/confirm/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ code: typed }),
      }).then(async (r) => ({ status: r.status, code: ((await r.json()) as { error?: string }).error }));
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => guess(String(100000 + i))));
    expect(answers.filter((a) => a.code === 'BAD_USER_INPUT')).toHaveLength(5);
    expect(answers.filter((a) => a.code !== 'BAD_USER_INPUT').every((a) => a.status === 403 && a.code === 'FORBIDDEN')).toBe(true);
    // The right code, now, is too late.
    expect((await guess(code)).code).toBe('FORBIDDEN');
    // Staff cannot confirm for the customer: there is no such operation in the graph.
    const staff = await postJson(
      graph.url,
      { query: `mutation { confirmHandlingRemotely(sessionId: "${id}", code: "${code}") { id } }` },
      await graph.token('ops'),
    );
    expect(staff.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('keeps the customer when recommendations are down, with the error at the missing field', async () => {
    const gateway = await graph.startGateway({
      subgraphUrls: { ...Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.url])), catalog: 'http://127.0.0.1:9/graphql' },
    });
    try {
      const customer = zhenjiang[6];
      const res = await postJson(
        gateway.url,
        { query: 'query($m: String!) { customer(msisdn: $m) { id name recommendations(limit: 2) { package { code } } } }', variables: { m: customer.msisdn } },
        clerk,
      );
      expect(res.body.data).toEqual({ customer: { id: customer.id, name: customer.name, recommendations: null } });
      expect(res.body.errors?.[0]).toMatchObject({
        path: ['customer', 'recommendations'],
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'catalog' },
      });
    } finally {
      await gateway.close();
    }
  });
});
