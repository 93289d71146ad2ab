import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { pglite } from './helpers/backends.js';
import { postJson, startTestGraph, TEST_CUSTOMERS, TEST_TODAY, type TestGraph } from './helpers/graph.js';

const ctx = seedContext(TEST_TODAY);
const customer = Array.from({ length: TEST_CUSTOMERS }, (_, i) => generateCustomer(i, ctx)).find((c) => c.cityCode === 'zhenjiang')!;
const LIMITS = { maxDepth: 6, maxHeight: 40, maxAliases: 3, maxRootFields: 3, maxTokens: 400, maxRecursion: 24, maxRequestBytes: 32 * 1024 };

describe('the gateway holds the line before any subgraph is called', () => {
  let graph: TestGraph;
  let clerk: string;
  let marketing: string;
  /** Requests each subgraph has received, counted at its HTTP server. */
  let subgraphCalls = 0;

  beforeAll(async () => {
    graph = await startTestGraph(pglite, { limits: LIMITS });
    for (const s of graph.subgraphs) s.subgraph.app.server.on('request', () => subgraphCalls++);
    clerk = await graph.token('clerk');
    marketing = await graph.token('marketing');
  });
  afterAll(async () => {
    await graph?.teardown();
  });

  const post = (body: unknown, token: string | null = clerk) => postJson(graph.url, body, token);

  /** The request is refused with `code` and no subgraph hears of it. */
  async function refused(body: unknown, code: string, status = 400) {
    const before = subgraphCalls;
    const res = await post(body);
    expect(res.body.errors?.[0].extensions?.code).toBe(code);
    expect(res.status).toBe(status);
    expect(res.body.data ?? null).toBeNull();
    expect(subgraphCalls).toBe(before);
    return res.body.errors![0];
  }

  it('serves an operation within every limit', async () => {
    const before = subgraphCalls;
    const res = await post({
      query: 'query($m: String!) { customer(msisdn: $m) { name holdings { name package { name } } } }',
      variables: { m: customer.msisdn },
    });
    expect(res.body.errors).toBeUndefined();
    expect(subgraphCalls).toBeGreaterThan(before);
  });

  it('refuses operations over the depth, height, alias and root-field limits with Router codes', async () => {
    const deep = await refused(
      {
        query: 'query($m: String!) { customer(msisdn: $m) { holdings { package { promotions { batches { tiers { gifts { name } } } } } } } }',
        variables: { m: customer.msisdn },
      },
      'MAX_DEPTH_LIMIT',
    );
    expect(deep.extensions).toMatchObject({ measured: 8, limit: 6 });
    // Depth counts through fragments as if inlined.
    await refused(
      {
        query:
          'query($m: String!) { customer(msisdn: $m) { ...H } } fragment H on Customer { holdings { package { promotions { batches { tiers { gifts { name } } } } } } }',
        variables: { m: customer.msisdn },
      },
      'MAX_DEPTH_LIMIT',
    );
    const fields = Array.from({ length: 45 }, (_, i) => `f${i}: name`).join(' ');
    // 45 aliases of one field are one field of height but 45 aliases.
    await refused({ query: `query($m: String!) { customer(msisdn: $m) { ${fields} } }`, variables: { m: customer.msisdn } }, 'MAX_ALIASES_LIMIT');
    const wide =
      'id name msisdn idNumber segment joinedOn tenureMonths arpu tags activeWarningCount city { code name } hall { code name } usage { month dataMb voiceMinutes overageFee } currentPackage { code name family monthlyFee dataGb voiceMinutes contractMonths status cities description } holdings { id kind name startDate endDate daysLeft expiryLabel monthlyFee promotionCode tierCode }';
    await refused({ query: `query($m: String!) { customer(msisdn: $m) { ${wide} } }`, variables: { m: customer.msisdn } }, 'MAX_HEIGHT_LIMIT');
    await refused({ query: '{ a: halls { code } b: halls { code } c: halls { code } d: halls { code } }' }, 'MAX_ALIASES_LIMIT');
    await refused({ query: '{ halls { code } ruleSet { version } packages(first: 1) { totalCount } package(code: "X") { code } }' }, 'MAX_ROOT_FIELDS_LIMIT');
  });

  it('refuses documents over the token and nesting limits before parsing, and bodies over the size limit', async () => {
    await refused({ query: `{ halls { ${'code '.repeat(500)} } }` }, 'GRAPHQL_PARSE_FAILED');
    const nested = await refused({ query: `{ halls ${'{ code '.repeat(3000)}${'}'.repeat(3000)} }` }, 'GRAPHQL_PARSE_FAILED');
    expect(nested.extensions).toMatchObject({ reason: 'RECURSION_LIMIT', limit: 24 });
    // Braces inside strings and comments are not nesting.
    const quoted = await post({ query: `# ${'{'.repeat(100)}\n{ package(code: "${'{'.repeat(100)}") { code } }` });
    expect(quoted.body.errors).toBeUndefined();
    await refused({ query: `{ halls { code } } # ${'x'.repeat(40 * 1024)}` }, 'PAYLOAD_TOO_LARGE', 413);
  });

  it('nulls what the caller may not see, says why at its path, and serves the rest', async () => {
    const query = 'query($m: String!) { customer(msisdn: $m) { name idNumber } halls { code } }';
    const asClerk = await post({ query, variables: { m: customer.msisdn } });
    expect(asClerk.body.errors).toBeUndefined();
    expect((asClerk.body.data!.customer as { idNumber: string }).idNumber).toMatch(/\*/);

    const asMarketing = await post({ query, variables: { m: customer.msisdn } }, marketing);
    expect(asMarketing.status).toBe(200);
    expect(asMarketing.body.data).toMatchObject({ customer: { name: customer.name, idNumber: null } });
    expect((asMarketing.body.data!.halls as unknown[]).length).toBeGreaterThan(0);
    // The error says which field and which scope the caller lacks.
    expect(asMarketing.body.errors).toEqual([
      {
        message: expect.stringContaining('Customer.idNumber: needs pii:read'),
        path: ['customer', 'idNumber'],
        extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: 'Customer.idNumber', requiredScopes: [['pii:read']] },
      },
    ]);

    // A non-null field nulls its nearest nullable parent; a root with nothing left asks no subgraph.
    const before = subgraphCalls;
    const queue = await post({ query: '{ declarationQueue { id } }' });
    expect(queue.body).toEqual({
      data: null,
      errors: [
        {
          message: expect.any(String),
          path: ['declarationQueue'],
          extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: 'Query.declarationQueue', requiredScopes: [['declaration:review']] },
        },
      ],
    });
    expect(subgraphCalls).toBe(before);
    const reviewer = await post({ query: '{ declarationQueue { id } }' }, marketing);
    expect(reviewer.body.errors).toBeUndefined();
  });

  it('does not let one caller’s filtered plan serve another', async () => {
    const query = 'query($m: String!) { customer(msisdn: $m) { name idNumber } }';
    for (let i = 0; i < 3; i++) {
      expect((await post({ query, variables: { m: customer.msisdn } }, marketing)).body.data).toEqual({ customer: { name: customer.name, idNumber: null } });
      expect(((await post({ query, variables: { m: customer.msisdn } })).body.data!.customer as { idNumber: string | null }).idNumber).toMatch(/\*/);
    }
  });
});
