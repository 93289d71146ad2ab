import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffToken } from '../lib/auth/staff-token.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { tenureMonths } from '../subgraphs/customer-insight/domain/tenure.js';
import {
  DeclareTargetUserDocument,
  IdentifyCustomerDocument,
  IngestWarningOrdersDocument,
  OpenCounterSessionDocument,
  GenerateFormDocument,
  PriceCartDocument,
  SetCartPackageDocument,
  SaveRuleSetDraftDocument,
  SignFormDocument,
  SmsOutboxDocument,
  StartRuleSetExperimentDocument,
  StartHandlingDocument,
  SubmitHandlingDocument,
  type SessionViewFragment,
} from './__generated__/graphql.js';
import { pglite } from './helpers/backends.js';
import { startTestGraph, TEST_SECRETS, TEST_TODAY, type TestGraph } from './helpers/graph.js';

const CHROMIUM = '/usr/bin/chromium';
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const ctx = seedContext(TEST_TODAY);
/** A customer 全球通 588 needs an approved declaration for: ARPU ≥ 120, not pre-approved by the rules. */
const premium = Array.from({ length: 300 }, (_, i) => generateCustomer(i, ctx)).find(
  (c) =>
    c.cityCode === 'zhenjiang' &&
    c.arpuCents >= 12000 &&
    !c.holdings.some((h) => h.packageCode?.startsWith('QQT')) &&
    !(c.segment === 'HIGH_VALUE' && tenureMonths(c.joinedOn, TEST_TODAY) >= 120),
)!;

describe('the marketing console and the clerk’s screen in real browsers', () => {
  let graph: TestGraph;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: install Debian's chromium (.ci/run does)`);
    graph = await startTestGraph(pglite, { customers: 300, graphiql: { token: await staffToken('clerk', 'zhenjiang', TEST_SECRETS.jwtSecret) } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    await graph?.teardown();
  });

  it('a reviewer approves in the console, the customer confirms on their phone, and the clerk’s screen follows both live', async () => {
    const clerk = await graph.token('clerk');
    const marketing = await graph.token('marketing');
    let keys = 0;
    const ok = async <T>(p: Promise<{ body: { data?: T | null; errors?: unknown[] } }>): Promise<T> => {
      const { body } = await p;
      expect(body.errors).toBeUndefined();
      return body.data!;
    };
    const step = (s: SessionViewFragment) => ({ sessionId: s.id, version: s.version, idempotencyKey: `console-${++keys}` });
    // The clerk parks an offer that needs approval (as the workbench would).
    let s = (await ok(graph.request(StartHandlingDocument, { input: { idempotencyKey: 'console-start', customerId: premium.id } }, clerk))).startHandling;
    s = (await ok(graph.request(SetCartPackageDocument, { input: { ...step(s), packageCode: 'QQT588' } }, clerk))).setCartPackage;
    s = (await ok(graph.request(PriceCartDocument, { input: step(s) }, clerk))).priceCart;
    s = (await ok(graph.request(GenerateFormDocument, { input: step(s) }, clerk))).generateForm;
    s = (await ok(graph.request(SignFormDocument, { input: { ...step(s), formHash: s.form!.hash, format: 'PNG', data: PNG } }, clerk))).signForm;
    const refused = await graph.request(SubmitHandlingDocument, { input: step(s) }, clerk);
    expect(refused.body.errors?.[0].extensions?.code).toBe('APPROVAL_REQUIRED');
    const base = graph.url.replace(/\/graphql$/, '');
    // A second browser, as marketing, has the console open before the clerk declares.
    const reviewer = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await reviewer.addInitScript((token) => sessionStorage.setItem('lingxi.marketingToken', token), marketing);
    const consolePage = await reviewer.newPage();
    const listeners = graph.gateway.subscriptions.listening();
    await consolePage.goto(`${base}/console`);
    await consolePage.getByText('暂无待审批申报').waitFor({ timeout: 30_000 });
    await graph.gateway.subscriptions.whenListening(listeners + 1);
    const declared = (
      await ok(graph.request(DeclareTargetUserDocument, { input: { sessionId: s.id, idempotencyKey: 'console-declare', reason: '高端客户升级全球通' } }, clerk))
    ).declareTargetUser;
    // The declaration reaches the queue live (the console re-reads only every 30 s otherwise).
    const row = consolePage.locator(`tr[data-declaration="${declared.id}"]`);
    await row.waitFor({ timeout: 10_000 });

    const before = graph.gateway.subscriptions.listening();
    const counterPage = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await counterPage.goto(`${base}/workbench?session=${s.id}`);
    const status = counterPage.locator('.declaration');
    await expect.poll(() => status.innerText(), { timeout: 30_000 }).toContain('待审批');
    expect(await counterPage.locator('.pinned .card').getAttribute('data-package')).toBe('QQT588');
    // Its counter's events, its sessions' settlements and the declaration decisions: all subscribed.
    await graph.gateway.subscriptions.whenListening(before + 3);

    // The reviewer approves with a reason.
    expect(await row.innerText()).toContain('QQT588');
    await row.getByRole('textbox').fill('符合高端客户政策');
    await row.getByRole('button', { name: /批准/ }).click();
    await row.waitFor({ state: 'detached', timeout: 15_000 });

    // The clerk did nothing: the decision arrives on their screen, and the customer's SMS link is out.
    await expect.poll(() => status.innerText(), { timeout: 15_000 }).toContain('已批准');
    await counterPage.locator('.remote').waitFor({ timeout: 15_000 });
    expect(await counterPage.locator('.remote').innerText()).toContain('等待客户确认');

    // The customer opens the link from the SMS on their phone (no staff token) and types the code.
    const sms = (await ok(graph.request(SmsOutboxDocument, {}, await graph.token('ops')))).smsOutbox.find((m) => m.purpose === 'REMOTE_CONFIRMATION')!;
    const link = /(\/confirm\/[A-Za-z0-9_-]+)/.exec(sms.text)![1];
    const code = /确认码 (\d{6})/.exec(sms.text)![1];
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const customerPage = await phone.newPage();
    await customerPage.goto(`${base}${link}`);
    expect(await customerPage.locator('h1').innerText()).toContain('确认办理');
    await customerPage.locator('input[name=code]').fill(code);
    await customerPage.getByRole('button', { name: /确认办理/ }).click();
    await customerPage.getByText('已确认').first().waitFor({ timeout: 15_000 });

    // The order went ahead, and the clerk's screen saw it without a click.
    await counterPage.locator('.order-completed').waitFor({ timeout: 15_000 });
    expect(await counterPage.locator('.order-completed').innerText()).toContain('办理成功');
    await phone.close();
    await reviewer.close();
    await counterPage.close();
  });

  it('shows every problem of a rule set at its line, and saves and publishes a valid one', async () => {
    const marketing = await graph.token('marketing');
    const base = graph.url.replace(/\/graphql$/, '');
    const reviewer = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await reviewer.addInitScript((token) => sessionStorage.setItem('lingxi.marketingToken', token), marketing);
    const page = await reviewer.newPage();
    await page.goto(`${base}/console`);
    await page.getByRole('button', { name: '规则集' }).click();
    const editor = page.getByRole('textbox', { name: /规则集 YAML/ });
    await expect.poll(() => editor.inputValue(), { timeout: 15_000 }).toContain('rules:');
    const valid = await editor.inputValue();
    const broken = [
      'name: 测试',
      'rules:',
      '  - id: BAD-1',
      '    kind: eligibility',
      '    title: 引用不存在的属性',
      '    appliesTo: { families: [FIVE_G] }',
      '    when: { attribute: zodiac, op: eq, value: 龙 }',
    ].join('\n');
    await editor.fill(broken);
    await page.getByRole('button', { name: /校验/ }).click();
    const line7 = page.locator('.problem-line[data-line="7"]');
    await line7.waitFor({ timeout: 10_000 });
    expect(await line7.innerText()).toContain('zodiac');
    // Fixed, it is valid, saved as a draft and published.
    await editor.fill(valid);
    await page.getByRole('button', { name: /校验/ }).click();
    await page.getByText('校验通过').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: /保存草稿/ }).click();
    await page.getByRole('button', { name: /发布 v\d+/ }).click();
    await page.getByText(/已发布 v\d+/).waitFor({ timeout: 10_000 });
    // Conversion: the chart and the table render for the city.
    await page.getByRole('button', { name: '推荐办理率' }).click();
    await page.locator('.conversion-chart svg').waitFor({ timeout: 10_000 });
    // An experiment marketing started: both arms with their intervals, and it can be stopped here.
    const draft = (await graph.request(SaveRuleSetDraftDocument, { input: { yaml: valid } }, marketing)).body.data!.saveRuleSetDraft.version;
    const started = await graph.request(
      StartRuleSetExperimentDocument,
      { input: { draftVersion: draft, share: 0.3, split: 'CUSTOMER', name: '浏览器实验' } },
      marketing,
    );
    const experiment = started.body.data!.startRuleSetExperiment.id;
    await page.getByRole('button', { name: '规则实验' }).click();
    const panel = page.locator(`.experiment[data-experiment="${experiment}"]`);
    await panel.waitFor({ timeout: 10_000 });
    expect(await panel.locator('tr[data-arm]').count()).toBe(2);
    expect(await panel.innerText()).toContain('95% 区间');
    await panel.getByRole('button', { name: /停止/ }).click();
    await expect.poll(() => panel.locator('h3').innerText(), { timeout: 10_000 }).toContain('已停止');
    await reviewer.close();
  });

  it('gives the hall manager the hall’s warnings and counters live', async () => {
    const manager = await graph.token('hall_manager');
    const clerk = await graph.token('clerk');
    const ops = await graph.token('ops');
    const base = graph.url.replace(/\/graphql$/, '');
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addInitScript((token) => sessionStorage.setItem('lingxi.hallToken', token), manager);
    const page = await context.newPage();
    const before = graph.gateway.subscriptions.listening();
    await page.goto(`${base}/hall`);
    const counter = page.locator('.counter[data-counter="zhenjiang-h01-c2"]');
    await counter.waitFor({ timeout: 30_000 });
    // The warning feed and one subscription per counter.
    const counters = await page.locator('.counter').count();
    await graph.gateway.subscriptions.whenListening(before + 1 + counters);

    const someone = Array.from({ length: 300 }, (_, i) => generateCustomer(i, ctx)).find((c) => c.cityCode === 'zhenjiang' && c.id !== premium.id)!;
    const order = {
      externalId: 'HALL-1',
      msisdn: someone.msisdn,
      // Sent as arrears, written as a complaint: the hall sees the text's type, flagged.
      type: '欠费',
      level: '中',
      content: '【脉动预警·投诉】客户近30天投诉2次，网络质量问题。建议：上门测速。请于2026-12-10前完成。',
      issuedAt: '2026-11-24T09:00:00+08:00',
      city: 'zhenjiang',
      hall: 'zhenjiang-h01',
    };
    const ingested = await graph.request(IngestWarningOrdersDocument, { orders: [order] }, ops);
    const id = ingested.body.data!.ingestWarningOrders.ids[0];
    await page.locator(`tr[data-warning="${id}"]`).waitFor({ timeout: 15_000 });
    const row = await page.locator(`tr[data-warning="${id}"]`).innerText();
    expect(row).toContain(someone.name);
    expect(row).toMatch(/投诉 · 中 · 类型存疑/);

    expect((await graph.request(OpenCounterSessionDocument, { counter: 'zhenjiang-h01-c2' }, clerk)).body.errors).toBeUndefined();
    expect((await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h01-c2', msisdn: someone.msisdn }, clerk)).body.errors).toBeUndefined();
    await expect.poll(() => counter.innerText(), { timeout: 15_000 }).toContain(someone.name);
    await context.close();
  });
});
