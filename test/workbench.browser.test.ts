import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffToken } from '../lib/auth/staff-token.js';
import { signedHeaders } from '../lib/hmac.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { print } from 'graphql';
import { WorkbenchIdentifyDocument } from '../web/src/__generated__/graphql.js';
import { CustomerWarningsDocument, IngestWarningOrdersDocument, PriceCartDocument } from './__generated__/graphql.js';
import { pglite } from './helpers/backends.js';
import { startTestGraph, TEST_HOOKS, TEST_SECRETS, TEST_TODAY, type TestGraph } from './helpers/graph.js';

const CHROMIUM = '/usr/bin/chromium';
/** The colours the chips must show for each label (the screen's CSS, read back as the browser renders it). */
const COLOURS = { RED: 'rgb(217, 48, 37)', YELLOW: 'rgb(230, 162, 0)', GREEN: 'rgb(30, 142, 62)' };

describe('the counter workbench in a real browser', () => {
  let graph: TestGraph;
  let browser: Browser;
  const ctx = seedContext(TEST_TODAY);
  // A Zhenjiang customer with holdings of more than one label.
  const customer = Array.from({ length: 200 }, (_, i) => generateCustomer(i, ctx)).find(
    (c) => c.cityCode === 'zhenjiang' && c.holdings.length >= 3 && !c.tags.includes('欠费停机'),
  )!;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: install Debian's chromium (.ci/run does)`);
    graph = await startTestGraph(pglite, { customers: 200, graphiql: { token: await staffToken('clerk', 'zhenjiang', TEST_SECRETS.jwtSecret) } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    await graph?.teardown();
  });

  it('opens the counter, shows whoever the queue identifies with the warning dialog without a click, then handles a card to a completed order with the card pinned', async () => {
    const ops = await graph.token('ops');
    const warning = {
      externalId: 'WB-1',
      msisdn: customer.msisdn,
      type: '离网',
      level: '高',
      content: '【脉动预警·离网】客户近三月流量降幅68%，疑似使用他网。建议：赠送流量包挽留；推荐合约套餐。请于2026-12-12前完成维系。',
      issuedAt: '2026-11-24T09:00:00+08:00',
      city: 'zhenjiang',
      hall: 'zhenjiang-h01',
    };
    expect((await graph.request(IngestWarningOrdersDocument, { orders: [warning] }, ops)).body.data?.ingestWarningOrders.accepted).toBe(1);

    const counter = 'zhenjiang-h01-c4';
    const base = graph.url.replace(/\/graphql$/, '');
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) outside.push(r.url());
    });
    const listeners = graph.gateway.subscriptions.listening();
    await page.goto(`${base}/workbench?counter=${counter}`);
    await expect.poll(() => page.locator('[role=status]').innerText(), { timeout: 30_000 }).toContain('已开台');
    // The screen subscribes to its counter once the session is open.
    await graph.gateway.subscriptions.whenListening(listeners + 1);

    // The queue calls the customer to this counter: the hook is all that happens.
    const hook = JSON.stringify({ counter, msisdn: customer.msisdn, source: 'QUEUE' });
    const res = await fetch(`${base}/hooks/counter-identified`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.counterHookSecret, hook) },
      body: hook,
    });
    expect(res.status).toBe(200);

    await page.locator('.picture h2', { hasText: customer.name }).waitFor({ timeout: 10_000 });
    const dialog = page.locator('dialog.warning');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await dialog.innerText()).toContain('离网');
    expect(await dialog.innerText()).toContain('赠送流量包挽留');
    expect(await dialog.innerText()).toContain('2026-12-12');

    // Chips: one per current holding, sorted by end date, each coloured as its label says.
    const chips = await page
      .locator('.chip')
      .evaluateAll((els) => els.map((e) => ({ label: e.getAttribute('data-label'), colour: getComputedStyle(e).borderLeftColor, text: e.textContent ?? '' })));
    expect(chips.length).toBeGreaterThan(0);
    for (const chip of chips) expect(chip.colour).toBe(COLOURS[chip.label as keyof typeof COLOURS]);
    const days = chips.map((c) => /剩(\d+)天/.exec(c.text)?.[1]).map((d) => (d === undefined ? Number.POSITIVE_INFINITY : Number(d)));
    expect(days).toEqual([...days].sort((a, b) => a - b));
    // The cards are the event's deferred part: they follow the picture.
    await expect.poll(() => page.locator('.card').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(outside).toEqual([]);

    // Acknowledged from the dialog; its outcome recorded later, from the picture's warning button.
    await dialog.getByRole('button', { name: /知道了/ }).click();
    await dialog.getByRole('button', { name: /稍后/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    const statuses = async () =>
      (await graph.request(CustomerWarningsDocument, { msisdn: customer.msisdn }, await graph.token('clerk'))).body.data?.customer?.warningOrders.map((w) => [
        w.status,
        w.outcome,
      ]);
    expect(await statuses()).toEqual([['ACKNOWLEDGED', null]]);
    await page.getByRole('button', { name: /预警 1 条待处理/ }).click();
    await dialog.getByRole('combobox').selectOption('RETAINED');
    await dialog.getByRole('button', { name: /登记结果/ }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    expect(await statuses()).toEqual([['HANDLED', 'RETAINED']]);

    // 整体办理 from a card that needs no approval: the card stays pinned through every step.
    const card = page.locator('.cards .card:not(:has(.badge-approval))').first();
    const pkg = await card.getAttribute('data-package');
    const name = await card.locator('strong').innerText();
    await card.getByRole('button', { name: /整体办理/ }).click();
    const pinned = page.locator('.pinned .card');
    const stillPinned = async () => {
      expect(await pinned.getAttribute('data-package')).toBe(pkg);
      expect(await pinned.isVisible()).toBe(true);
    };
    await pinned.waitFor({ timeout: 10_000 });
    await stillPinned();
    // The clerk adds a data pack to the cart; the graph checks it and the cart shows it.
    const pack = page.locator('.cart-editor fieldset', { hasText: '叠加包' }).locator('label').first();
    await pack.waitFor({ timeout: 10_000 });
    const packName = (await pack.innerText()).split('（')[0].trim();
    await pack.locator('input').click();
    await expect.poll(() => page.locator('.cart').innerText(), { timeout: 10_000 }).toContain(`叠加包：${packName}`);
    await stillPinned();
    await page.getByRole('button', { name: /计算费用/ }).click();
    await page.locator('.prices').waitFor({ timeout: 10_000 });
    await stillPinned();
    // Another screen moves the session meanwhile: the step is refused with the graph's words, and
    // the screen stays where it was (priced, no form) until the clerk tries again.
    const handlingSection = page.locator('section.handling');
    const sessionId = (await handlingSection.getAttribute('data-session'))!;
    const version = Number(await handlingSection.getAttribute('data-version'));
    const moved = await graph.request(PriceCartDocument, { input: { sessionId, version, idempotencyKey: 'other-screen' } }, await graph.token('clerk'));
    expect(moved.body.errors).toBeUndefined();
    await page.getByRole('button', { name: /生成免填单/ }).click();
    await page.locator('section.handling [role=alert]').waitFor({ timeout: 10_000 });
    expect(await page.locator('section.handling [role=alert]').innerText()).toContain('CONFLICT');
    expect(await page.locator('iframe.form').count()).toBe(0);
    expect(await page.locator('.prices').isVisible()).toBe(true);
    await expect.poll(async () => Number(await handlingSection.getAttribute('data-version')), { timeout: 10_000 }).toBe(version + 1);
    await page.getByRole('button', { name: /生成免填单/ }).click();
    const form = page.frameLocator('iframe.form');
    await form.locator('body', { hasText: name }).waitFor({ timeout: 10_000 });
    await stillPinned();
    // The customer signs with the mouse: two strokes.
    await page.locator('.signature canvas').scrollIntoViewIfNeeded();
    const pad = await page.locator('.signature canvas').boundingBox();
    for (const [y0, y1] of [
      [40, 90],
      [100, 60],
    ]) {
      await page.mouse.move(pad!.x + 30, pad!.y + y0);
      await page.mouse.down();
      for (let k = 1; k <= 12; k++) await page.mouse.move(pad!.x + 30 + k * 25, pad!.y + y0 + ((y1 - y0) * k) / 12);
      await page.mouse.up();
    }
    await page.getByRole('button', { name: /确认签名/ }).click();
    await page.getByRole('button', { name: /提交办理/ }).waitFor({ timeout: 10_000 });
    await stillPinned();
    await page.getByRole('button', { name: /提交办理/ }).click();
    await page.locator('.order-completed').waitFor({ timeout: 15_000 });
    expect(await page.locator('.order-completed').innerText()).toMatch(/订单 ZX\w+ · 办理成功 · 省CRM CRM\w+/);
    await stillPinned();
    await page.close();
  });

  it('shows a typed-in customer from a multipart answer: the picture, then the cards as its deferred part', async () => {
    const other = Array.from({ length: 200 }, (_, i) => generateCustomer(i, ctx)).find(
      (c) => c.cityCode === 'zhenjiang' && c.msisdn !== customer.msisdn && !c.tags.includes('欠费停机'),
    )!;
    const base = graph.url.replace(/\/graphql$/, '');
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${base}/workbench?counter=zhenjiang-h01-c5`);
    await expect.poll(() => page.locator('.bar [role=status]').innerText(), { timeout: 30_000 }).toContain('已开台');
    const answered = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('WorkbenchIdentify'));
    await page.getByLabel(/手机号/).fill(other.msisdn);
    await page.getByRole('button', { name: /识别/ }).click();
    const response = await answered;
    expect(response.headers()['content-type']).toMatch(/^multipart\/mixed;.*deferSpec=20220824/);
    await page.locator('.picture h2', { hasText: other.name }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('.cards .card').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('.cards-pending').count()).toBe(0);
    await page.close();

    // The same operation as the screen sends it, read part by part: the picture, then the cards at the customer.
    const res = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed;deferSpec=20220824', authorization: `Bearer ${await graph.token('clerk')}` },
      body: JSON.stringify({ query: print(WorkbenchIdentifyDocument), variables: { counter: 'zhenjiang-h01-c5', msisdn: other.msisdn } }),
    });
    const parts = (await res.text())
      .split('\r\n---')
      .map((p) => p.slice(p.indexOf('\r\n\r\n') + 4))
      .filter((p) => p.startsWith('{'))
      .map((p) => JSON.parse(p) as { data?: { identifyCustomer: { customer: Record<string, unknown> } }; hasNext: boolean; incremental?: unknown[] });
    expect(parts[0].data!.identifyCustomer.customer).toMatchObject({ name: other.name });
    expect(parts[0].data!.identifyCustomer.customer).not.toHaveProperty('recommendations');
    expect(parts[0].hasNext).toBe(true);
    expect(parts.flatMap((p) => p.incremental ?? [])).toEqual([
      { data: { recommendations: expect.arrayContaining([expect.objectContaining({ rank: 1 })]) }, path: ['identifyCustomer', 'customer'], label: 'cards' },
    ]);
    expect(parts.at(-1)!.hasNext).toBe(false);
  });
});
