import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SUPERGRAPH_FILE } from '../lib/compose.js';
import { signedHeaders } from '../lib/hmac.js';
import { generateCustomer, generateWarningOrders, seedContext } from '../lib/seed/customers.js';
import {
  AcknowledgeWarningOrderDocument,
  CloseCounterSessionDocument,
  CounterSessionNowDocument,
  CustomerWarningsDocument,
  HandledWarningOrdersDocument,
  HandleWarningOrderDocument,
  IdentifyCustomerDocument,
  HallWarningOrdersDocument,
  IngestWarningOrdersDocument,
  OpenCounterSessionDocument,
  WarningOrderReadingDocument,
} from './__generated__/graphql.js';
import { BACKENDS } from './helpers/backends.js';
import { startTestGraph, TEST_CUSTOMERS, TEST_HOOKS, TEST_TODAY, type TestGraph } from './helpers/graph.js';
import { feed, listening, wsClient } from './helpers/ws.js';

const ctx = seedContext(TEST_TODAY);
const seeded = Array.from({ length: TEST_CUSTOMERS }, (_, i) => ({ c: generateCustomer(i, ctx), i }));
/** A Zhenjiang customer of hall h01 with open warning orders. */
const warned = seeded.find(({ c, i }) => c.cityCode === 'zhenjiang' && generateWarningOrders(c, i, ctx).length > 0)!.c;
const plain = seeded.filter(({ c }) => c.cityCode === 'zhenjiang').map(({ c }) => c);

const COUNTER_EVENTS = `subscription($counter: ID!, $after: ID) {
  counterEvents(counter: $counter, after: $after) {
    id kind counter source staffId
    customer {
      id name tags arpu
      holdings(labels: [RED, YELLOW]) { name expiryLabel }
      warningOrders { id type level status parsed { status reasons actions } }
      recommendations(limit: 3) { rank package { code name } reasons { text } handleInput { packageCode } }
    }
  }
}`;
const HALL_EVENTS = `subscription($hall: ID!) {
  hallWarningOrders(hall: $hall) { id hall warningOrder { externalId type rawType level status parsed { status figures { name value } dueDate } customer { name } } }
}`;

function record(externalId: string, msisdn: string, extra: Record<string, unknown> = {}) {
  return {
    externalId,
    msisdn,
    type: '欠费',
    level: '高',
    content: '【脉动预警·欠费】客户当前欠费128元，已停机风险。建议：提醒缴费。截止2026-11-30。',
    issuedAt: '2026-11-24T09:00:00+08:00',
    city: 'zhenjiang',
    hall: 'zhenjiang-h01',
    ...extra,
  };
}

describe.each(BACKENDS)('warning orders and live counters through the gateway on $name', (backend) => {
  let graph: TestGraph;
  let clerk: string;
  let ops: string;
  let base: string;
  const post = (path: string, body: string, secret = TEST_HOOKS.gridSecret, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(secret, body), ...headers }, body });

  beforeAll(async () => {
    graph = await startTestGraph(backend);
    clerk = await graph.token('clerk');
    ops = await graph.token('ops');
    base = graph.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await graph?.teardown();
  });

  it('pushes insight, warning orders and recommendations to every subscriber of a counter in one event, and marks the orders DELIVERED', async () => {
    const a = wsClient(graph.url, clerk);
    const b = wsClient(graph.url, clerk);
    try {
      const [screen, assistant] = await listening(
        graph.gateway,
        () => [feed(a, COUNTER_EVENTS, { counter: 'zhenjiang-h01-c1' }), feed(b, COUNTER_EVENTS, { counter: 'zhenjiang-h01-c1' })],
        2,
      );
      const { body } = await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h01-c1', msisdn: warned.msisdn }, clerk);
      expect(body.errors).toBeUndefined();
      const eventId = body.data!.identifyCustomer.eventId;
      for (const f of [screen, assistant]) {
        const event = await f.next();
        expect(event.errors).toBeUndefined();
        const e = event.data!.counterEvents;
        expect(e).toMatchObject({ id: eventId, kind: 'CUSTOMER_IDENTIFIED', counter: 'zhenjiang-h01-c1', source: 'CLERK', staffId: 'zhenjiang-s002' });
        expect(e.customer).toMatchObject({ id: warned.id, name: warned.name, tags: warned.tags });
        expect(e.customer.warningOrders.length).toBeGreaterThan(0);
        expect(e.customer.warningOrders[0].parsed.status).toBe('PARSED');
        expect(e.customer.recommendations.length).toBeGreaterThan(0);
        expect(event.extensions?.eventId).toBe(eventId);
      }
      // Delivery is recorded from the bus, after the push: the orders turn DELIVERED shortly after.
      await vi.waitFor(
        async () => {
          const { body: w } = await graph.request(CustomerWarningsDocument, { msisdn: warned.msisdn }, clerk);
          const statuses = w.data!.customer!.warningOrders.map((x) => x.status);
          expect(statuses.length).toBeGreaterThan(0);
          expect(statuses.every((s) => s === 'DELIVERED')).toBe(true);
        },
        { timeout: 5000, interval: 20 },
      );
      const { body: w } = await graph.request(CustomerWarningsDocument, { msisdn: warned.msisdn }, clerk);
      expect(w.data!.customer!.warningOrders[0].deliveredCounter).toBe('zhenjiang-h01-c1');
    } finally {
      a.dispose();
      b.dispose();
    }
  });

  it('walks the lifecycle: acknowledged by the clerk, handled with an outcome, exported for the grid system', async () => {
    const { body: w } = await graph.request(CustomerWarningsDocument, { msisdn: warned.msisdn }, clerk);
    const id = w.data!.customer!.warningOrders[0].id;
    const { body: ack } = await graph.request(AcknowledgeWarningOrderDocument, { id }, clerk);
    expect(ack.data?.acknowledgeWarningOrder).toMatchObject({ id, status: 'ACKNOWLEDGED', acknowledgedBy: 'zhenjiang-s002' });
    expect((await graph.request(AcknowledgeWarningOrderDocument, { id }, clerk)).body.data?.acknowledgeWarningOrder.status).toBe('ACKNOWLEDGED');
    const { body: done } = await graph.request(HandleWarningOrderDocument, { id, outcome: 'RETAINED', note: '已办理续约' }, clerk);
    expect(done.data?.handleWarningOrder).toMatchObject({ status: 'HANDLED', outcome: 'RETAINED', outcomeNote: '已办理续约' });
    const again = await graph.request(HandleWarningOrderDocument, { id, outcome: 'LOST' }, clerk);
    expect(again.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', status: 'HANDLED' });
    expect((await graph.request(AcknowledgeWarningOrderDocument, { id: 'W-nope' }, clerk)).body.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const { body: exported } = await graph.request(HandledWarningOrdersDocument, { since: '2026-11-01T00:00:00Z' }, ops);
    expect(exported.data?.handledWarningOrders.map((x) => x.outcome)).toContain('RETAINED');
    expect((await graph.request(HandledWarningOrdersDocument, { since: '2026-11-01T00:00:00Z' }, clerk)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const path = '/hooks/handled-warning-orders?since=2026-11-01T00%3A00%3A00Z';
    const res = await fetch(`${base}${path}`, { headers: signedHeaders(TEST_HOOKS.gridSecret, path) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { orders: { outcome: string }[] }).orders.map((o) => o.outcome)).toContain('RETAINED');
    expect((await fetch(`${base}${path}`, { headers: signedHeaders('wrong-secret-0123456789abcdef0123456789', path) })).status).toBe(401);
  });

  it('routes an order sent without a hall to the customer’s home hall, live and in the hall’s list', async () => {
    const customer = plain[9];
    const home = customer.hallCode;
    const client = wsClient(graph.url, clerk);
    try {
      const hall = await listening(graph.gateway, () => feed(client, HALL_EVENTS, { hall: home }));
      const order = record(`ROUTE-${backend.name}-1`, customer.msisdn, { hall: undefined });
      const { body } = await graph.request(IngestWarningOrdersDocument, { orders: [order] }, ops);
      expect(body.data?.ingestWarningOrders.accepted).toBe(1);
      // Customer insight knows the home hall; the order reaches it through the graph, then the bus.
      const event = (await hall.next()).data!.hallWarningOrders;
      expect(event).toMatchObject({ hall: home, warningOrder: { externalId: order.externalId, customer: { name: customer.name } } });
      const list = await graph.request(HallWarningOrdersDocument, { hall: home }, clerk);
      expect(list.body.data?.hallWarningOrders.map((w) => w.externalId)).toContain(order.externalId);
    } finally {
      client.dispose();
    }
  });

  it('reads free text after storing it: the reading, the flagged type and the due date are the same before and after', async () => {
    const text = '这个客户本月流量降幅68%，有离网倾向，建议到厅时推荐5G套餐，截止日期：12月8日';
    const order = record(`READ-${backend.name}-1`, plain[11].msisdn, { type: 'PORT_OUT', content: text });
    const { body } = await graph.request(IngestWarningOrdersDocument, { orders: [order] }, ops);
    const [id] = body.data!.ingestWarningOrders.ids;
    const read = async () => (await graph.request(WarningOrderReadingDocument, { id }, clerk)).body.data!.warningOrder!;
    const expected = {
      type: 'PORT_OUT',
      dueDate: '2026-12-08',
      flags: ['TYPE_DISAGREES'],
      typeCheck: { sent: 'PORT_OUT', text: 'CHURN', believed: 'CHURN', agrees: false },
      parsed: { status: 'PARSED', type: 'CHURN', dueDate: '2026-12-08', figures: [{ name: '流量下降', value: 68, unit: '%' }] },
    };
    // Read on the fly while the background reading has not stored it yet, and the same after.
    expect(await read()).toMatchObject(expected);
    const db = graph.databases.get('alerts')!;
    const stored = async () =>
      (
        await db.query<{ status: string; due: string | null; from_text: boolean }>(
          `SELECT parse_status AS status, due_date::text AS due, due_from_text AS from_text FROM alerts.warning_order WHERE id = $1 AND parsed IS NOT NULL`,
          [id],
        )
      )[0];
    await vi.waitFor(async () => expect(await stored()).toEqual({ status: 'PARSED', due: '2026-12-08', from_text: true }), { timeout: 10_000 });
    const after = await read();
    expect(after).toMatchObject(expected);
    expect(after.parsed.confidence).toBeGreaterThan(0.5);
    expect(after.typeCheck.reason).toContain('以原文为准');

    // A reading by an older extractor is not shown: the text is read again.
    await db.query(`UPDATE alerts.warning_order SET parsed = '{"version": 1, "status": "UNPARSED", "reasons": []}'::jsonb WHERE id = $1`, [id]);
    expect(await read()).toMatchObject(expected);
  });

  it('keeps subscriptions running when a new supergraph is served, and refuses a bad one with the reason', async () => {
    const client = wsClient(graph.url, clerk);
    try {
      const hall = await listening(graph.gateway, () => feed(client, HALL_EVENTS, { hall: 'zhenjiang-h01' }));
      graph.gateway.replaceSupergraph(readFileSync(SUPERGRAPH_FILE, 'utf8'));
      expect(() => graph.gateway.replaceSupergraph('type Query { nothing: String }')).toThrow(/supergraph|link|core/i);
      const { body } = await graph.request(IngestWarningOrdersDocument, { orders: [record(`RELOAD-${backend.name}-1`, plain[12].msisdn)] }, ops);
      expect(body.data?.ingestWarningOrders.accepted).toBe(1);
      expect((await hall.next()).data!.hallWarningOrders.warningOrder.externalId).toBe(`RELOAD-${backend.name}-1`);
      // Queries plan on what is served now.
      const { body: again } = await graph.request(CustomerWarningsDocument, { msisdn: plain[12].msisdn }, clerk);
      expect(again.data?.customer?.warningOrders.map((w) => w.externalId)).toContain(`RELOAD-${backend.name}-1`);
    } finally {
      client.dispose();
    }
  });

  it('ingests signed batches idempotently, rejects bad records one by one, and tells the hall live', async () => {
    const client = wsClient(graph.url, clerk);
    try {
      const hall = await listening(graph.gateway, () => feed(client, HALL_EVENTS, { hall: 'zhenjiang-h01' }));
      const batch = {
        orders: [
          record(`GRID-${backend.name}-1`, plain[5].msisdn),
          record(`GRID-${backend.name}-2`, plain[6].msisdn, { type: 'SIM_SWAP', content: '疑似换卡，请核实。', hall: 'zhenjiang-h02' }),
          record(`GRID-${backend.name}-3`, '12345', { level: '特急' }),
          { externalId: `GRID-${backend.name}-4` },
        ],
      };
      const body = JSON.stringify(batch);
      const res = await post('/hooks/warning-orders', body);
      expect(res.status).toBe(400);
      const outcome = (await res.json()) as {
        accepted: number;
        duplicates: number;
        rejected: { index: number; field: string; reason: string }[];
        ids: string[];
      };
      expect(outcome).toMatchObject({ accepted: 2, duplicates: 0 });
      expect(outcome.rejected.map((r) => [r.index, r.field])).toEqual([
        [2, 'msisdn'],
        [3, 'msisdn'],
      ]);
      const event = await hall.next();
      expect(event.data!.hallWarningOrders.warningOrder).toMatchObject({
        externalId: `GRID-${backend.name}-1`,
        type: 'ARREARS',
        rawType: '欠费',
        level: 'HIGH',
        status: 'NEW',
        parsed: { status: 'PARSED', figures: [{ name: '欠费金额', value: 128 }], dueDate: '2026-11-30' },
        customer: { name: plain[5].name },
      });
      // Same batch again: nothing new, nothing pushed. The hall's next event is the next new order's.
      const retry = (await (await post('/hooks/warning-orders', body)).json()) as { accepted: number; duplicates: number };
      expect(retry).toMatchObject({ accepted: 0, duplicates: 2 });
      const marker = JSON.stringify({ orders: [record(`GRID-${backend.name}-marker`, plain[10].msisdn)] });
      expect(await (await post('/hooks/warning-orders', marker)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
      expect((await hall.next()).data!.hallWarningOrders.warningOrder.externalId).toBe(`GRID-${backend.name}-marker`);
      expect(hall.pending()).toBe(0);
      const { body: unknownType } = await graph.request(CustomerWarningsDocument, { msisdn: plain[6].msisdn }, clerk);
      expect(unknownType.data?.customer?.warningOrders.find((x) => x.externalId === `GRID-${backend.name}-2`)).toMatchObject({
        type: 'UNKNOWN',
        rawType: 'SIM_SWAP',
        // 换卡 names no type of ours; 请核实 is read as an action.
        parsed: { status: 'PARTIAL', type: null },
      });
    } finally {
      client.dispose();
    }
  });

  it('answers bad ingest requests with 401, 413 and 400, and keeps what was accepted', async () => {
    const body = JSON.stringify({ orders: [record(`GRID-${backend.name}-9`, plain[7].msisdn)] });
    expect((await fetch(`${base}/hooks/warning-orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    expect((await post('/hooks/warning-orders', body, 'not-the-grid-secret-0123456789abcdef012345')).status).toBe(401);
    expect((await post('/hooks/warning-orders', body, TEST_HOOKS.gridSecret, { 'x-lingxi-timestamp': '1000000000' })).status).toBe(401);
    const huge = JSON.stringify({ orders: [record('X', plain[7].msisdn, { content: '长'.repeat(TEST_HOOKS.ingestMaxBytes) })] });
    expect((await post('/hooks/warning-orders', huge)).status).toBe(413);
    expect((await post('/hooks/warning-orders', '{"orders": [')).status).toBe(400);
    expect((await post('/hooks/warning-orders', '{"records": []}')).status).toBe(400);
    expect((await post('/hooks/warning-orders', body)).status).toBe(200);
    const { body: w } = await graph.request(CustomerWarningsDocument, { msisdn: plain[7].msisdn }, clerk);
    expect(w.data?.customer?.warningOrders.map((x) => x.externalId)).toContain(`GRID-${backend.name}-9`);
  });

  it('lets ops ingest through GraphQL and nobody else', async () => {
    const orders = [record(`GQL-${backend.name}-1`, plain[8].msisdn), record(`GQL-${backend.name}-2`, plain[8].msisdn, { issuedAt: 'yesterday' })];
    const { body } = await graph.request(IngestWarningOrdersDocument, { orders }, ops);
    expect(body.data?.ingestWarningOrders).toMatchObject({ accepted: 1, duplicates: 0, rejected: [{ index: 1, field: 'issuedAt' }] });
    expect((await graph.request(IngestWarningOrdersDocument, { orders }, clerk)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('opens counter sessions, takes identifications from the signed queue/CRM hook, and resumes a subscriber after its last event', async () => {
    const counter = 'zhenjiang-h01-c2';
    expect((await graph.request(OpenCounterSessionDocument, { counter }, clerk)).body.data?.openCounterSession).toMatchObject({
      counter,
      hall: 'zhenjiang-h01',
      staffId: 'zhenjiang-s002',
      closedAt: null,
    });
    const first = wsClient(graph.url, clerk);
    const live = await listening(graph.gateway, () => feed(first, COUNTER_EVENTS, { counter }));
    const hook = JSON.stringify({ counter, msisdn: `+86 ${plain[1].msisdn}`, source: 'QUEUE' });
    const res = await post('/hooks/counter-identified', hook, TEST_HOOKS.counterHookSecret);
    expect(res.status).toBe(200);
    const e1 = (await live.next()).data!.counterEvents;
    expect(e1).toMatchObject({ kind: 'CUSTOMER_IDENTIFIED', source: 'QUEUE', staffId: null, customer: { id: plain[1].id } });
    expect((await post('/hooks/counter-identified', hook, TEST_HOOKS.gridSecret)).status).toBe(401);
    expect(
      (await post('/hooks/counter-identified', JSON.stringify({ counter: 'nowhere', msisdn: '1', source: 'FAX' }), TEST_HOOKS.counterHookSecret)).status,
    ).toBe(400);
    first.dispose();

    // While nobody listens, two more customers are identified.
    await graph.request(IdentifyCustomerDocument, { counter, msisdn: plain[2].msisdn }, clerk);
    await graph.request(IdentifyCustomerDocument, { counter, msisdn: plain[3].msisdn }, clerk);
    const second = wsClient(graph.url, clerk);
    try {
      const resumed = feed(second, COUNTER_EVENTS, { counter, after: e1.id });
      const missed = [(await resumed.next()).data!.counterEvents, (await resumed.next()).data!.counterEvents];
      expect(missed.map((e) => e.customer.id)).toEqual([plain[2].id, plain[3].id]);
      expect(Number(missed[0].id)).toBeGreaterThan(Number(e1.id));
    } finally {
      second.dispose();
    }
    const { body: now } = await graph.request(CounterSessionNowDocument, { counter }, clerk);
    expect(now.data?.counterSession).toMatchObject({ counter, currentCustomer: { id: plain[3].id } });
    expect((await graph.request(CloseCounterSessionDocument, { counter }, clerk)).body.data?.closeCounterSession.closedAt).toBeTruthy();
    expect((await graph.request(CloseCounterSessionDocument, { counter }, clerk)).body.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('sends a counter event, or a query over the socket, whose selection defers the cards in parts: the picture first, then the cards at the customer', async () => {
    const counter = 'zhenjiang-h01-c3';
    await graph.request(OpenCounterSessionDocument, { counter }, clerk);
    const client = wsClient(graph.url, clerk);
    try {
      const live = await listening(graph.gateway, () =>
        feed<{ data?: Record<string, any>; hasNext?: boolean; extensions?: Record<string, unknown>; incremental?: unknown[] }>(
          client,
          `subscription ($counter: ID!) { counterEvents(counter: $counter) { id kind customer { id name ... @defer(label: "cards") { recommendations(limit: 3) { rank } } } } }`,
          { counter },
        ),
      );
      await graph.request(IdentifyCustomerDocument, { counter, msisdn: plain[4].msisdn }, clerk);
      const first = await live.next();
      expect(first).toMatchObject({
        data: { counterEvents: { kind: 'CUSTOMER_IDENTIFIED', customer: { id: plain[4].id, name: plain[4].name } } },
        hasNext: true,
        extensions: { eventId: first.data!.counterEvents.id },
      });
      expect(first.data!.counterEvents.customer).not.toHaveProperty('recommendations');
      const rest = await live.next();
      expect(rest).toEqual({
        hasNext: false,
        incremental: [{ data: { recommendations: expect.arrayContaining([{ rank: 1 }]) }, path: ['counterEvents', 'customer'], label: 'cards' }],
      });
      // A query over the socket defers the same way.
      const asked = feed<{ data?: Record<string, any>; hasNext?: boolean; incremental?: unknown[] }>(
        client,
        'query ($m: String!) { customer(msisdn: $m) { name ... @defer(label: "cards") { recommendations(limit: 1) { rank } } } }',
        { m: plain[4].msisdn },
      );
      expect(await asked.next()).toEqual({ data: { customer: { name: plain[4].name } }, hasNext: true });
      expect(await asked.next()).toEqual({ hasNext: false, incremental: [{ data: { recommendations: [{ rank: 1 }] }, path: ['customer'], label: 'cards' }] });
    } finally {
      client.dispose();
    }
  });

  it('closes a subscription socket without a valid token with a clear reason, and refuses other halls', async () => {
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      const c = wsClient(graph.url, 'not-a-token', (code, reason) => resolve({ code, reason }));
      feed(c, COUNTER_EVENTS, { counter: 'zhenjiang-h01-c1' });
    });
    expect(await closed).toMatchObject({ code: 4403 });
    expect((await closed).reason.length).toBeGreaterThan(5);
    const none = await new Promise<{ code: number; reason: string }>((resolve) => {
      const c = wsClient(graph.url, null, (code, reason) => resolve({ code, reason }));
      feed(c, COUNTER_EVENTS, { counter: 'zhenjiang-h01-c1' });
    });
    expect(none.reason).toMatch(/missing staff token/);
    const client = wsClient(graph.url, clerk);
    try {
      const other = feed(client, COUNTER_EVENTS, { counter: 'zhenjiang-h02-c1' });
      expect((await other.next()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(
        (await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h02-c1', msisdn: plain[1].msisdn }, clerk)).body.errors?.[0].extensions?.code,
      ).toBe('FORBIDDEN');
      const bad = feed(client, 'subscription { counterEvents(counter: "zhenjiang-h01-c1") { nope } }');
      expect(((await bad.error) as { extensions?: { code?: string } }[])[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      client.dispose();
    }
  });
});
