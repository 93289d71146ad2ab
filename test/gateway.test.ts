import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayOptions } from '../gateway/server.js';
import { DEFAULT_SUBGRAPH_PORTS } from '../lib/config.js';
import { SUPERGRAPH_FILE } from '../lib/compose.js';
import { INTERNAL_AUDIENCE, INTERNAL_HEADER, signIdentity } from '../lib/auth/tokens.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import {
  CustomerInsightDocument,
  CustomerMsisdnDocument,
  HallsDocument,
  PackageDetailDocument,
  PackagesDocument,
  type PackagesQuery,
} from './__generated__/graphql.js';
import { BACKENDS } from './helpers/backends.js';
import { insertCustomer } from './helpers/fixtures.js';
import { postJson, startTestGraph, TEST_CUSTOMERS, TEST_SECRETS, TEST_TODAY, type TestGraph } from './helpers/graph.js';

const ctx = seedContext(TEST_TODAY);
const seeded = Array.from({ length: TEST_CUSTOMERS }, (_, i) => generateCustomer(i, ctx));
const zhenjiangCustomer = seeded.find((c) => c.cityCode === 'zhenjiang')!;
const nanjingCustomer = seeded.find((c) => c.cityCode === 'nanjing')!;
const FIXTURE = { id: 'CFIXTURE01', msisdn: '13900000001' };

describe.each(BACKENDS)('the graph through the gateway on $name', (backend) => {
  let graph: TestGraph;
  let clerk: string;

  beforeAll(async () => {
    graph = await startTestGraph(backend);
    clerk = await graph.token('clerk');
    // A customer whose holdings sit exactly on the label boundaries of 2026-11-24.
    const db = graph.databases.get('customer-insight')!;
    await insertCustomer(db, { ...FIXTURE, name: '边界测', currentPackage: '5GCX128', arpuCents: 12800 });
    const holdings: [string, string, string | null][] = [
      ['ended yesterday', '2025-11-23', '2026-11-23'],
      ['ends today', '2025-11-24', '2026-11-24'],
      ['one month', '2025-12-24', '2026-12-24'],
      ['month and a day', '2025-12-25', '2026-12-25'],
      ['three months', '2026-02-24', '2027-02-24'],
      ['three months and a day', '2026-02-25', '2027-02-25'],
      ['open ended', '2024-01-01', null],
    ];
    for (const [k, [name, start, end]] of holdings.entries()) {
      await db.query(
        `INSERT INTO customer_insight.holding (id, customer_id, kind, name, package_code, start_date, end_date) VALUES ($1, $2, 'PROMOTION', $3, NULL, $4, $5)`,
        [`${FIXTURE.id}-H${k}`, FIXTURE.id, name, start, end],
      );
    }
  });
  afterAll(async () => {
    await graph?.teardown();
  });

  it('logs errors and slow requests by default, and every request only when told', async () => {
    const lines: { msg: string; statusCode?: number; url?: string; level: number }[] = [];
    const stream = { write: (line: string) => void lines.push(JSON.parse(line)) };
    const ask = async (url: string) => postJson(url, { query: '{ halls { code } }' }, clerk);
    const quiet = await graph.startGateway({ logger: { stream }, requestLog: { mode: 'slow', slowMs: 60_000 } });
    const slowest = await graph.startGateway({ logger: { stream }, requestLog: { mode: 'slow', slowMs: 0 } });
    const everything = await graph.startGateway({ logger: { stream }, requestLog: { mode: 'all', slowMs: 60_000 } });
    try {
      const requests = () => lines.filter((l) => l.url === '/graphql');
      await ask(quiet.url);
      expect(requests()).toEqual([]);
      // With a threshold of 0 every request is slow: logged once, as a warning.
      await ask(slowest.url);
      expect(requests()).toMatchObject([{ msg: 'slow request', statusCode: 200, level: 40 }]);
      lines.length = 0;
      await ask(everything.url);
      expect(requests()).toMatchObject([{ msg: 'request completed', statusCode: 200, level: 30 }]);
    } finally {
      await Promise.all([quiet.close(), slowest.close(), everything.close()]);
    }
  });

  it('answers one query with insight, labelled holdings and a field from each other subgraph', async () => {
    const { status, body } = await graph.request(CustomerInsightDocument, { msisdn: zhenjiangCustomer.msisdn }, clerk);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const customer = body.data!.customer!;
    expect(customer).toMatchObject({
      id: zhenjiangCustomer.id,
      name: zhenjiangCustomer.name,
      city: { code: 'zhenjiang', name: '镇江' },
      segment: zhenjiangCustomer.segment,
      tags: zhenjiangCustomer.tags,
    });
    expect(customer.usage.map((u) => u.month)).toEqual(['2026-08', '2026-09', '2026-10']);
    // From catalog, through the Package entity.
    expect(customer.currentPackage).toMatchObject({ code: zhenjiangCustomer.currentPackageCode });
    expect(customer.currentPackage!.name.length).toBeGreaterThan(0);
    // From alerts and orders, through the Customer entity.
    expect(customer.activeWarningCount).toBe(customer.warningOrders.length);
    expect(Array.isArray(customer.orders)).toBe(true);
    const ends = customer.holdings.map((h) => h.endDate ?? '9999-12-31');
    expect(ends).toEqual([...ends].sort());
  });

  it('labels holdings on the exact boundaries and leaves ended ones out', async () => {
    const { body } = await graph.request(CustomerInsightDocument, { msisdn: FIXTURE.msisdn }, clerk);
    expect(body.data!.customer!.holdings.map((h) => [h.name, h.daysLeft, h.expiryLabel])).toEqual([
      ['ends today', 0, 'RED'],
      ['one month', 30, 'RED'],
      ['month and a day', 31, 'YELLOW'],
      ['three months', 92, 'YELLOW'],
      ['three months and a day', 93, 'GREEN'],
      ['open ended', null, 'GREEN'],
    ]);
    expect(body.data!.customer!.tenureMonths).toBe(78);
  });

  it('filters holdings by label', async () => {
    const { body } = await graph.request(CustomerInsightDocument, { msisdn: FIXTURE.msisdn, labels: ['RED', 'YELLOW'] }, clerk);
    expect(body.data!.customer!.holdings.map((h) => h.expiryLabel)).toEqual(['RED', 'RED', 'YELLOW', 'YELLOW']);
  });

  it('ranks on all holdings while the clerk sees only the expiring ones, whichever field comes first', async () => {
    // The catalog @requires `holdings` (all); the counter asks `holdings(labels: [RED, YELLOW])`.
    const ask = async (selection: string, msisdn: string) => {
      const { body } = await postJson(graph.url, { query: `query($m: String!) { customer(msisdn: $m) { ${selection} } }`, variables: { m: msisdn } }, clerk);
      expect(body.errors).toBeUndefined();
      return (body.data as { customer: { holdings?: { expiryLabel: string }[]; recommendations: unknown } }).customer;
    };
    const cards = 'recommendations(limit: 5) { package { code } promotion { promotionCode batchCode } fitScore reasons { ruleId text } }';
    const expiring = 'holdings(labels: [RED, YELLOW]) { expiryLabel }';
    const customers = [
      FIXTURE.msisdn,
      ...seeded
        .filter((c) => c.cityCode === 'zhenjiang')
        .slice(0, 40)
        .map((c) => c.msisdn),
    ];
    for (const msisdn of customers) {
      const alone = (await ask(cards, msisdn)).recommendations;
      for (const selection of [`${expiring} ${cards}`, `${cards} ${expiring}`]) {
        const both = await ask(selection, msisdn);
        expect(both.recommendations, `${msisdn}: ${selection}`).toEqual(alone);
        expect(
          both.holdings!.every((h) => h.expiryLabel !== 'GREEN'),
          `${msisdn}: ${selection}`,
        ).toBe(true);
      }
    }
  });

  it('masks phone and ID numbers for a clerk and shows them to a hall manager', async () => {
    const masked = await graph.request(CustomerMsisdnDocument, { msisdn: FIXTURE.msisdn }, clerk);
    expect(masked.body.data!.customer).toMatchObject({ msisdn: '139****0001', idNumber: '321***********1234' });
    const manager = await graph.request(CustomerMsisdnDocument, { msisdn: FIXTURE.msisdn }, await graph.token('hall_manager'));
    expect(manager.body.data!.customer).toMatchObject({ msisdn: FIXTURE.msisdn, idNumber: '321101199001011234' });
  });

  it('records who looked at whom', async () => {
    await graph.request(CustomerMsisdnDocument, { msisdn: FIXTURE.msisdn }, clerk);
    const rows = await graph.databases
      .get('customer-insight')!
      .query<{ staff_id: string; unmasked: boolean }>(`SELECT staff_id, unmasked FROM customer_insight.access_log WHERE customer_id = $1`, [FIXTURE.id]);
    expect(rows).toContainEqual({ staff_id: 'zhenjiang-s002', unmasked: false });
    expect(rows).toContainEqual({ staff_id: 'zhenjiang-s001', unmasked: true });
  });

  it('writes one audit row per customer shown when many counters ask at once', async () => {
    // Concurrent requests share statements (lib/db/cross-request.ts); each still gets its own row.
    const customers = seeded.filter((c) => c.cityCode === 'zhenjiang').slice(50, 80);
    const db = graph.databases.get('customer-insight')!;
    const count = async () =>
      (
        await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM customer_insight.access_log WHERE customer_id = ANY($1::text[])`, [
          customers.map((c) => c.id),
        ])
      )[0].n;
    const before = await count();
    const answers = await Promise.all(customers.map((c) => graph.request(CustomerMsisdnDocument, { msisdn: c.msisdn }, clerk)));
    expect(answers.map((a) => a.body.data!.customer!.msisdn)).toEqual(customers.map((c) => `${c.msisdn.slice(0, 3)}****${c.msisdn.slice(7)}`));
    expect(await count()).toBe(before + customers.length);
  });

  it('answers null for an unknown number and for a customer of another city', async () => {
    expect((await graph.request(CustomerMsisdnDocument, { msisdn: '19999999999' }, clerk)).body).toEqual({ data: { customer: null } });
    expect((await graph.request(CustomerMsisdnDocument, { msisdn: nanjingCustomer.msisdn }, clerk)).body).toEqual({ data: { customer: null } });
    const nanjingClerk = await graph.token('clerk', 'nanjing');
    expect((await graph.request(CustomerMsisdnDocument, { msisdn: nanjingCustomer.msisdn }, nanjingClerk)).body.data!.customer!.id).toBe(nanjingCustomer.id);
  });

  it('accepts a number typed with spaces and a country code', async () => {
    const typed = `+86 ${zhenjiangCustomer.msisdn.slice(0, 3)} ${zhenjiangCustomer.msisdn.slice(3, 7)} ${zhenjiangCustomer.msisdn.slice(7)}`;
    expect((await graph.request(CustomerMsisdnDocument, { msisdn: typed }, clerk)).body.data!.customer!.id).toBe(zhenjiangCustomer.id);
  });

  it('rejects a malformed number with BAD_USER_INPUT saying what is wrong', async () => {
    const { body } = await graph.request(CustomerMsisdnDocument, { msisdn: '1381234' }, clerk);
    expect(body.data).toEqual({ customer: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['customer'], extensions: { code: 'BAD_USER_INPUT', field: 'msisdn', serviceName: 'customer-insight' } });
    expect(body.errors![0].message).toMatch(/7 digits, expected 11/);
  });

  it('refuses a request without a valid staff token', async () => {
    const none = await graph.request(HallsDocument, {}, null);
    expect(none.status).toBe(401);
    expect(none.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const forged = await graph.request(HallsDocument, {}, `${clerk.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    // A token minted for subgraphs is not a staff token.
    const internal = await signIdentity(
      { staffId: 'x', name: 'x', hall: null, city: 'zhenjiang', roles: ['admin'] },
      TEST_SECRETS.jwtSecret,
      INTERNAL_AUDIENCE,
      60,
    );
    expect((await graph.request(HallsDocument, {}, internal)).status).toBe(401);
  });

  it('takes the identity only from the gateway: subgraphs refuse direct and forged callers', async () => {
    const subgraph = graph.subgraphs.find((s) => s.name === 'customer-insight')!;
    const ask = (headers: Record<string, string>) =>
      fetch(subgraph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ halls { code } }' }),
      });
    expect((await ask({})).status).toBe(401);
    expect((await ask({ authorization: `Bearer ${clerk}` })).status).toBe(401);
    expect((await ask({ [INTERNAL_HEADER]: clerk })).status).toBe(401);
    // A client cannot smuggle its own identity header through the gateway either.
    const forgedIdentity = await signIdentity(
      { staffId: 'evil', name: 'x', hall: null, city: 'nanjing', roles: ['admin'] },
      'not-the-internal-secret-0123456789abcdef',
      INTERNAL_AUDIENCE,
      60,
    );
    const response = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}`, [INTERNAL_HEADER]: forgedIdentity },
      body: JSON.stringify({ query: '{ halls { city { code } } }' }),
    });
    const body = await response.json();
    expect(body.data.halls.every((h: { city: { code: string } }) => h.city.code === 'zhenjiang')).toBe(true);
  });

  it('answers an invalid document sent to a subgraph as a validation error, not an internal one', async () => {
    const subgraph = graph.subgraphs.find((s) => s.name === 'customer-insight')!;
    const identity = await signIdentity(
      { staffId: 'zhenjiang-s002', name: 'x', hall: null, city: 'zhenjiang', roles: ['clerk'] },
      TEST_SECRETS.internalSecret,
      INTERNAL_AUDIENCE,
      60,
    );
    // What another gateway's planner sent: the same field twice with different arguments.
    const query = `{ customer(msisdn: "${FIXTURE.msisdn}") { holdings(labels: [RED]) { name } holdings { name } } }`;
    const res = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: identity },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/differing arguments/);
  });

  it('resolves a customer by its entity key, as other subgraphs do', async () => {
    const subgraph = graph.subgraphs.find((s) => s.name === 'customer-insight')!;
    const token = await signIdentity(
      { staffId: 'zhenjiang-s002', name: 'x', hall: null, city: 'zhenjiang', roles: ['clerk'] },
      TEST_SECRETS.internalSecret,
      INTERNAL_AUDIENCE,
      60,
    );
    const response = await fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: token },
      body: JSON.stringify({
        query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id name msisdn } } }',
        variables: {
          r: [
            { __typename: 'Customer', id: zhenjiangCustomer.id },
            { __typename: 'Customer', id: nanjingCustomer.id },
            { __typename: 'Customer', id: 'nobody' },
          ],
        },
      }),
    });
    const body = await response.json();
    expect(body.data._entities).toEqual([
      { id: zhenjiangCustomer.id, name: zhenjiangCustomer.name, msisdn: expect.stringMatching(/^\d{3}\*{4}\d{4}$/) },
      null,
      null,
    ]);
  });

  it('lists the halls of the caller’s city', async () => {
    const { body } = await graph.request(HallsDocument, {}, clerk);
    expect(body.data!.halls.length).toBe(14);
    expect(body.data!.halls.every((h) => h.city.name === '镇江' && h.counters.length === 6)).toBe(true);
  });

  it('pages through the packages of the city with a filter', async () => {
    const all = await graph.request(PackagesDocument, { first: 100 }, clerk);
    expect(all.body.data!.packages.totalCount).toBeGreaterThanOrEqual(500);
    const filter = { family: 'FIVE_G' as const, maxMonthlyFee: 130, is5g: true };
    const seen: string[] = [];
    let after: string | null | undefined;
    let total = 0;
    for (let page = 0; page < 50; page++) {
      const response = await graph.request(PackagesDocument, { filter, first: 25, after }, clerk);
      const result: PackagesQuery['packages'] = response.body.data!.packages;
      total = result.totalCount;
      for (const node of result.nodes) {
        expect(node).toMatchObject({ family: 'FIVE_G', status: 'ONLINE' });
        expect(node.monthlyFee).toBeLessThanOrEqual(130);
        expect(node.cities).toContain('zhenjiang');
        seen.push(node.code);
      }
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    const bad = await graph.request(PackagesDocument, { first: 1000 }, clerk);
    expect(bad.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const badCursor = await graph.request(PackagesDocument, { after: 'bm90LWEtY3Vyc29y' }, clerk);
    expect(badCursor.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('shows a package with its running promotions, batches, tiers, fees and gifts', async () => {
    const { body } = await graph.request(PackageDetailDocument, { code: '5GCX128' }, clerk);
    const pkg = body.data!.package!;
    expect(pkg).toMatchObject({ code: '5GCX128', monthlyFee: 128 });
    expect(pkg.promotions.length).toBeGreaterThan(0);
    for (const promotion of pkg.promotions) {
      expect(promotion.batches.length).toBeGreaterThan(0);
      for (const batch of promotion.batches) {
        expect(batch.validFrom <= TEST_TODAY && TEST_TODAY <= batch.validTo).toBe(true);
        expect(batch.tiers.length).toBeGreaterThanOrEqual(3);
      }
    }
    expect((await graph.request(PackageDetailDocument, { code: 'NO-SUCH' }, clerk)).body.data!.package).toBeNull();
  });

  /** Asks one question through a second gateway built from other options, then closes it. */
  async function throughGateway(options: Partial<GatewayOptions>, query: string) {
    const other = await graph.startGateway(options);
    try {
      return (await postJson(other.url, { query }, clerk)).body as { data: any; errors: any[] };
    } finally {
      await other.close();
    }
  }

  it('serves any supergraph file, taking subgraph URLs from the file itself', async () => {
    let sdl = readFileSync(SUPERGRAPH_FILE, 'utf8');
    for (const s of graph.subgraphs) sdl = sdl.replace(`http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[s.name]}/graphql`, s.url);
    const body = await throughGateway(
      { supergraphSdl: sdl, subgraphUrls: {} },
      `{ customer(msisdn: "${zhenjiangCustomer.msisdn}") { id activeWarningCount currentPackage { name } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.customer.id).toBe(zhenjiangCustomer.id);
  });

  it('reports a subgraph that is down by code and service, without internals', async () => {
    const urls = Object.fromEntries(graph.subgraphs.map((s) => [s.name, s.url]));
    const body = await throughGateway(
      { subgraphUrls: { ...urls, orders: 'http://127.0.0.1:9/graphql' } },
      `{ customer(msisdn: "${zhenjiangCustomer.msisdn}") { id orders { id } } }`,
    );
    expect(body.errors[0].extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'orders', reason: 'UNREACHABLE' });
    expect(JSON.stringify(body.errors)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
  });

  it('sends a one-subgraph answer on as the subgraph gave it: byte for byte what Apollo Server’s path writes', async () => {
    const query =
      'query One($m: String!) { c: customer(msisdn: $m) { id name segment tags arpu city { code name } red: holdings(labels: [RED, YELLOW]) { name endDate expiryLabel } } }';
    const text = async (body: unknown) => {
      const res = await fetch(graph.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}` },
        body: JSON.stringify(body),
      });
      return res.text();
    };
    for (const m of [FIXTURE.msisdn, zhenjiangCustomer.msisdn, nanjingCustomer.msisdn, '13999999999']) {
      const passed = await text({ query, variables: { m } });
      expect(passed).toBe(await text({ query, variables: { m }, extensions: {} }));
      expect(JSON.parse(passed).errors).toBeUndefined();
    }
    // A subgraph's error is not plain data: it is shaped as always, from the one answer.
    const bad = await text({ query, variables: { m: '12345' } });
    expect(bad).toBe(await text({ query, variables: { m: '12345' }, extensions: {} }));
    expect(JSON.parse(bad).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers the same on its fast path and through Apollo Server, and counts both', async () => {
    const extra = await graph.startGateway();
    try {
      const query = `query SamePath($m: String!) { customer(msisdn: $m) { id name idNumber holdings { name expiryLabel } currentPackage { code name } activeWarningCount orders(first: 2) { orderNumber } } }`;
      const variables = { m: zhenjiangCustomer.msisdn };
      // A plain POST takes the fast path; an extensions field (the APQ channel) and a GET go through Apollo Server.
      const fast = await postJson(extra.url, { query, variables }, clerk);
      const apollo = await postJson(extra.url, { query, variables, extensions: {} }, clerk);
      const get = await fetch(`${extra.url}?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`, {
        headers: { authorization: `Bearer ${clerk}`, 'apollo-require-preflight': 'true' },
      });
      expect(fast.status).toBe(200);
      expect(fast.body.errors).toBeUndefined();
      expect((fast.body.data!.customer as { id: string }).id).toBe(zhenjiangCustomer.id);
      expect(apollo).toEqual(fast);
      expect(await get.json()).toEqual(fast.body);
      // Bad variables and a field this caller may not see are Apollo Server's to answer, as before.
      const wrong = await postJson(extra.url, { query, variables: { m: 13 } }, clerk);
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      const metrics = await (await fetch(extra.url.replace('/graphql', '/metrics'))).text();
      expect(metrics).toContain('lingxi_graphql_requests_total{operation="SamePath",type="query",outcome="ok"} 3');
    } finally {
      await extra.close();
    }
  });
});
