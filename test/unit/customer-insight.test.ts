import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../lib/auth/identity.js';
import { generateCustomer, seedContext } from '../../lib/seed/customers.js';
import { expiryLabel, isCurrent } from '../../subgraphs/customer-insight/domain/expiry.js';
import { TEST_TODAY } from '../helpers/graph.js';
import { startSubgraph, type TestSubgraph } from '../helpers/subgraph.js';

const CUSTOMERS = 60;
const seeded = Array.from({ length: CUSTOMERS }, (_, i) => generateCustomer(i, seedContext(TEST_TODAY)));
const zhenjiang = seeded.filter((c) => c.cityCode === 'zhenjiang');
const elsewhere = seeded.find((c) => c.cityCode !== 'zhenjiang')!;
const clerk: Identity = { staffId: 'zhenjiang-s002', name: 'x', hall: 'zhenjiang-h01', city: 'zhenjiang', roles: ['clerk'] };

const PICTURE = `query($m: String!) { customer(msisdn: $m) { id holdings { id endDate expiryLabel } } }`;

describe('customer insight alone', () => {
  let ci: TestSubgraph;
  beforeAll(async () => {
    ci = await startSubgraph('customer-insight', { customers: CUSTOMERS });
  });
  afterAll(() => ci?.stop());

  it('labels every current holding red, yellow or green by its end date, as the domain rule says', async () => {
    for (const c of zhenjiang.slice(0, 10)) {
      const { data, errors } = await ci.request<{ customer: { id: string; holdings: { id: string; endDate: string | null; expiryLabel: string }[] } }>(
        PICTURE,
        { m: c.msisdn },
        clerk,
      );
      expect(errors).toBeUndefined();
      expect(data!.customer.id).toBe(c.id);
      const current = c.holdings.filter((h) => isCurrent(h.endDate, TEST_TODAY));
      expect(data!.customer.holdings.map((h) => [h.id, h.expiryLabel]).sort()).toEqual(current.map((h) => [h.id, expiryLabel(h.endDate, TEST_TODAY)]).sort());
    }
  });

  it.each([
    ['another city’s customer', () => elsewhere.msisdn, null],
    ['a number nobody has', () => '13900000000', null],
  ])('answers null for %s, in the SQL of the caller’s city', async (_what, msisdn, expected) => {
    const { data, errors } = await ci.request(PICTURE, { m: msisdn() }, clerk);
    expect(errors).toBeUndefined();
    expect(data!.customer).toBe(expected);
  });

  it('refuses a malformed number with BAD_USER_INPUT, and a request without the gateway’s identity with 401', async () => {
    const { errors } = await ci.request(PICTURE, { m: '12' }, clerk);
    expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const bare = await ci.subgraph.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ halls { code } }' } });
    expect(bare.statusCode).toBe(401);
  });
});
