import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_AUDIENCE, verifyIdentity } from '../lib/auth/tokens.js';
import { PROJECT_ROOT } from '../lib/config.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import {
  ChooseGiftsDocument,
  CustomerMsisdnDocument,
  RecommendationPreviewDocument,
  RecommendationsDocument,
  StartHandlingDocument,
  UploadTargetListDocument,
  type RecommendationsQuery,
} from './__generated__/graphql.js';
import { pglite } from './helpers/backends.js';
import { startTestGraph, TEST_CUSTOMERS, TEST_HOOKS, TEST_SECRETS, TEST_TODAY, type TestGraph } from './helpers/graph.js';
import { feed, listening, wsClient } from './helpers/ws.js';

const run = promisify(execFile);
const ctx = seedContext(TEST_TODAY);
const seeded = Array.from({ length: TEST_CUSTOMERS }, (_, i) => generateCustomer(i, ctx));
const zhenjiang = seeded.filter((c) => c.cityCode === 'zhenjiang');
const nanjing = seeded.find((c) => c.cityCode === 'nanjing')!;
const fullWidth = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const TSX = join(PROJECT_ROOT, 'node_modules/tsx/dist/cli.mjs');

/** A project script as a user runs it, with its exit code and both streams. */
async function script(file: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [TSX, join(PROJECT_ROOT, file), ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** What a new user meets in the first hour, from the README alone. */
describe('the first hour with the graph', () => {
  let graph: TestGraph;
  let clerk: string;

  beforeAll(async () => {
    graph = await startTestGraph(pglite);
    clerk = await graph.token('clerk');
  });
  afterAll(async () => {
    await graph?.teardown();
  });

  it('signs tokens with the secret of the graph that runs with the same DATA_DIR, and refuses when it cannot know it', async () => {
    const none = mkdtempSync(join(tmpdir(), 'lingxi-token-'));
    const refused = await script('scripts/token.ts', ['clerk'], { DATA_DIR: none, JWT_SECRET: '' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(join(none, 'dev-secrets.json'));
    expect(refused.stderr).toMatch(/DATA_DIR/);

    const dir = mkdtempSync(join(tmpdir(), 'lingxi-token-'));
    const secrets = { jwtSecret: 'x'.repeat(40), internalSecret: 'y'.repeat(40), gridSecret: 'z'.repeat(40), counterHookSecret: 'w'.repeat(40) };
    writeFileSync(join(dir, 'dev-secrets.json'), JSON.stringify(secrets));
    const signed = await script('scripts/token.ts', ['clerk'], { DATA_DIR: dir, JWT_SECRET: '' });
    expect(signed.code).toBe(0);
    expect(signed.stderr).toContain(join(dir, 'dev-secrets.json'));
    expect((await verifyIdentity(signed.stdout.trim(), secrets.jwtSecret, STAFF_AUDIENCE)).roles).toEqual(['clerk']);

    // Any seeded staff member, or a hall's: a hall's traffic can be told apart from another's.
    const byStaff = await script('scripts/token.ts', ['--staff', 'zhenjiang-s010'], { DATA_DIR: dir, JWT_SECRET: '' });
    expect(byStaff.stderr).toMatch(/^zhenjiang-s010 \(clerk, zhenjiang-h02\)/);
    expect(await verifyIdentity(byStaff.stdout.trim(), secrets.jwtSecret, STAFF_AUDIENCE)).toMatchObject({ staffId: 'zhenjiang-s010', hall: 'zhenjiang-h02' });
    const byHall = await script('scripts/token.ts', ['clerk', '--hall', 'zhenjiang-h03'], { DATA_DIR: dir, JWT_SECRET: '' });
    expect(await verifyIdentity(byHall.stdout.trim(), secrets.jwtSecret, STAFF_AUDIENCE)).toMatchObject({
      hall: 'zhenjiang-h03',
      city: 'zhenjiang',
      roles: ['clerk'],
    });
    const manager = await script('scripts/token.ts', ['hall_manager', '--hall', 'nanjing-h02'], { DATA_DIR: dir, JWT_SECRET: '' });
    expect(await verifyIdentity(manager.stdout.trim(), secrets.jwtSecret, STAFF_AUDIENCE)).toMatchObject({ hall: 'nanjing-h02', city: 'nanjing' });
    for (const wrong of [
      ['--staff', 'nobody'],
      ['clerk', 'nanjing', '--hall', 'zhenjiang-h03'],
    ]) {
      expect((await script('scripts/token.ts', wrong, { DATA_DIR: dir, JWT_SECRET: '' })).code).toBe(2);
    }
  });

  it('sends a signed hook from the command line, with a number typed on a Chinese input method', async () => {
    const client = wsClient(graph.url, clerk);
    try {
      const events = await listening(graph.gateway, () =>
        feed(client, 'subscription { counterEvents(counter: "zhenjiang-h01-c6") { id source customer { id } } }'),
      );
      const env = {
        GATEWAY_URL: graph.url,
        JWT_SECRET: TEST_SECRETS.jwtSecret,
        INTERNAL_SECRET: TEST_SECRETS.internalSecret,
        GRID_SECRET: TEST_HOOKS.gridSecret,
        COUNTER_HOOK_SECRET: TEST_HOOKS.counterHookSecret,
      };
      const sent = await script('scripts/hook.ts', ['counter-identified', '--counter', 'zhenjiang-h01-c6', '--msisdn', fullWidth(zhenjiang[0].msisdn)], env);
      expect(sent.stdout).toContain('HTTP 200');
      expect(sent.code).toBe(0);
      expect((await events.next()).data!.counterEvents).toMatchObject({ source: 'QUEUE', customer: { id: zhenjiang[0].id } });
    } finally {
      await client.dispose();
    }
  });

  it('says at once which port is taken and which variable moves it', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    try {
      const started = Date.now();
      const busy = await script('embedded/start.ts', [], { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'lingxi-port-')) });
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(busy.stderr).toContain('PORT=');
      expect(busy.stderr).not.toContain('EADDRINUSE');
      // Before any database is opened or seeded.
      expect(busy.stdout).not.toContain('seeded');
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      holder.close();
    }
  });

  it('reads full-width digits as digits wherever a number is typed', async () => {
    const c = zhenjiang[1];
    const res = await graph.request(CustomerMsisdnDocument, { msisdn: fullWidth(c.msisdn) }, clerk);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.customer).not.toBeNull();
  });

  it('costs a refused field that field only', async () => {
    const res = await graph.request(RecommendationPreviewDocument, { msisdn: zhenjiang[2].msisdn, version: 1 }, clerk);
    expect(res.body.data!.customer).toMatchObject({ recommendationPreview: null });
    expect(res.body.errors?.[0]).toMatchObject({
      path: ['customer', 'recommendationPreview'],
      extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', field: 'Customer.recommendationPreview', requiredScopes: [['catalog:manage']] },
    });
  });

  it('answers a target-list upload row by row: listed, malformed, unknown, repeated', async () => {
    const marketing = await graph.token('marketing');
    const msisdns = [zhenjiang[3].msisdn, '1381234', nanjing.msisdn, fullWidth(zhenjiang[3].msisdn), zhenjiang[4].msisdn];
    const res = await graph.request(UploadTargetListDocument, { input: { name: '分行结果', msisdns } }, marketing);
    expect(res.body.errors).toBeUndefined();
    const list = res.body.data!.uploadTargetList;
    expect(list.size).toBe(2);
    expect(list.rows.map((r) => [r.index, r.status])).toEqual([
      [0, 'ACCEPTED'],
      [1, 'MALFORMED'],
      [2, 'UNKNOWN'],
      [3, 'DUPLICATE'],
      [4, 'ACCEPTED'],
    ]);
    expect(list.rows[1].reason).toMatch(/digits/);
    expect(list.rows[0].msisdn).toMatch(/^\d{3}\*{4}\d{4}$/);
    const none = await graph.request(UploadTargetListDocument, { input: { name: '全无效', msisdns: ['1', nanjing.msisdn] } }, marketing);
    expect(none.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.msisdns' });
  });

  it('lets a customer choose as many gifts as the tier says, and suggests no more on a card', async () => {
    let found: { card: NonNullable<NonNullable<RecommendationsQuery['customer']>['recommendations']>[number] } | null = null;
    for (const c of zhenjiang) {
      const cards =
        (await graph.request(RecommendationsDocument, { msisdn: c.msisdn, scenario: 'COUNTER', limit: 5 }, clerk)).body.data?.customer?.recommendations ?? [];
      for (const card of cards) {
        const p = card.promotion;
        if (!p) continue;
        expect(p.gifts.length, card.id).toBeLessThanOrEqual(p.tier.giftChoices);
        if (!found && !card.requiresApproval && p.tier.gifts.filter((g) => g.stock > 0).length > p.tier.giftChoices) found = { card };
      }
      if (found) break;
    }
    expect(found).not.toBeNull();
    const { card } = found!;
    const tier = card.promotion!.tier;
    const s = (await graph.request(StartHandlingDocument, { input: { idempotencyKey: `gifts-${card.id.slice(0, 8)}`, cardId: card.id } }, clerk)).body.data!
      .startHandling;
    expect(s.cart.promotion!.gifts.length).toBeLessThanOrEqual(tier.giftChoices);
    const tooMany = tier.gifts
      .filter((g) => g.stock > 0)
      .slice(0, tier.giftChoices + 1)
      .map((g) => g.code);
    const refused = await graph.request(
      ChooseGiftsDocument,
      { input: { sessionId: s.id, version: s.version, idempotencyKey: 'too-many', giftCodes: tooMany } },
      clerk,
    );
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.giftCodes', giftChoices: tier.giftChoices });
    const chosen = await graph.request(
      ChooseGiftsDocument,
      { input: { sessionId: s.id, version: s.version, idempotencyKey: 'just-right', giftCodes: tooMany.slice(0, tier.giftChoices) } },
      clerk,
    );
    expect(chosen.body.errors).toBeUndefined();
  });

  it('serves the icon a browser asks every page for', async () => {
    const res = await fetch(graph.url.replace(/graphql$/, 'favicon.ico'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('image/svg+xml');
  });
});
