/**
 * Screenshots of the screens for the README, taken in Debian's Chromium against a seeded graph:
 *   npx tsx scripts/screenshots.ts        (writes docs/screens/*.png; run npm run build:web first)
 */
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { exampleQuery } from '../gateway/example-query.js';
import { staffToken } from '../lib/auth/staff-token.js';
import { PROJECT_ROOT } from '../lib/config.js';
import { signedHeaders } from '../lib/hmac.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { pglite } from '../test/helpers/backends.js';
import { startTestGraph, TEST_HOOKS, TEST_SECRETS, TEST_TODAY } from '../test/helpers/graph.js';

const OUT = join(PROJECT_ROOT, 'docs', 'screens');
const ctx = seedContext(TEST_TODAY);
const customer = Array.from({ length: 200 }, (_, i) => generateCustomer(i, ctx)).find(
  (c) => c.cityCode === 'zhenjiang' && c.holdings.length >= 4 && c.tags.length >= 2 && !c.tags.includes('欠费停机'),
)!;
const clerk = await staffToken('clerk', 'zhenjiang', TEST_SECRETS.jwtSecret);
const graph = await startTestGraph(pglite, { customers: 200, graphiql: { token: clerk, defaultQuery: exampleQuery(customer.msisdn) } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const base = graph.url.replace(/\/graphql$/, '');
  const ops = await graph.token('ops');
  await graph.request(
    (await import('../test/__generated__/graphql.js')).IngestWarningOrdersDocument,
    {
      orders: [
        {
          externalId: 'SHOT-1',
          msisdn: customer.msisdn,
          type: '离网',
          level: '高',
          content: '【脉动预警·离网】客户近三月流量降幅68%，近30天投诉2次。建议：赠送流量包挽留；推荐合约套餐。请于2026-12-12前完成维系。',
          issuedAt: '2026-11-24T09:00:00+08:00',
          city: 'zhenjiang',
          hall: 'zhenjiang-h01',
        },
      ],
    },
    ops,
  );
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const listeners = graph.gateway.subscriptions.listening();
  await page.goto(`${base}/workbench?counter=zhenjiang-h01-c1`);
  await page.locator('.status-open').waitFor({ timeout: 30_000 });
  await graph.gateway.subscriptions.whenListening(listeners + 1);
  const hook = JSON.stringify({ counter: 'zhenjiang-h01-c1', msisdn: customer.msisdn, source: 'QUEUE' });
  await fetch(`${base}/hooks/counter-identified`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.counterHookSecret, hook) },
    body: hook,
  });
  await page.locator('dialog.warning').waitFor({ state: 'visible', timeout: 10_000 });
  await page.screenshot({ path: join(OUT, 'workbench-warning.png') });
  // Acknowledged, its outcome left for later: the dialog closes on the picture.
  await page
    .locator('dialog.warning')
    .getByRole('button', { name: /知道了/ })
    .click();
  await page.locator('dialog.warning').getByRole('button', { name: /稍后/ }).click();
  await page.locator('dialog.warning').waitFor({ state: 'hidden' });
  await page.screenshot({ path: join(OUT, 'workbench.png') });
  // 整体办理 from the first card that needs no approval, to the signature.
  await page
    .locator('.cards .card:not(:has(.badge-approval))')
    .first()
    .getByRole('button', { name: /整体办理/ })
    .click();
  await page.getByRole('button', { name: /计算费用/ }).click();
  await page.getByRole('button', { name: /生成免填单/ }).click();
  await page.locator('.signature canvas').scrollIntoViewIfNeeded();
  const pad = (await page.locator('.signature canvas').boundingBox())!;
  await page.mouse.move(pad.x + 40, pad.y + 100);
  await page.mouse.down();
  for (let k = 1; k <= 20; k++) await page.mouse.move(pad.x + 40 + k * 20, pad.y + 100 - Math.sin(k / 3) * 50);
  await page.mouse.up();
  await page.screenshot({ path: join(OUT, 'handling.png') });
  const marketingToken = await graph.token('marketing');
  const reviewer = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await reviewer.addInitScript((token) => sessionStorage.setItem('lingxi.marketingToken', token), marketingToken);
  const consolePage = await reviewer.newPage();
  await consolePage.goto(`${base}/console`);
  await consolePage.getByRole('button', { name: '规则集' }).click();
  const editor = consolePage.getByRole('textbox', { name: /规则集 YAML/ });
  await consolePage.waitForFunction(() => (document.querySelector('textarea.yaml') as HTMLTextAreaElement | null)?.value.includes('rules:'));
  await editor.fill(
    ((await editor.inputValue()) as string)
      .replace('op: lte, value: 1 }', 'op: lte, value: 一个月 }')
      .replace('attribute: segment, op: eq, value: YOUTH', 'attribute: zodiac, op: eq, value: YOUTH'),
  );
  await consolePage.getByRole('button', { name: /校验/ }).click();
  await consolePage.locator('.problem-line').first().waitFor();
  await consolePage.screenshot({ path: join(OUT, 'console-rules.png') });
  await reviewer.close();
  const gq = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await gq.goto(graph.url);
  await gq.locator('.graphiql-tab', { hasText: 'CustomerInsightExample' }).waitFor({ timeout: 30_000 });
  await gq.locator('.graphiql-editor-tool .view-lines', { hasText: 'Bearer ey' }).waitFor({ timeout: 30_000 });
  await gq.locator('.graphiql-execute-button').click();
  await gq.locator('.graphiql-response', { hasText: customer.name }).waitFor({ timeout: 30_000 });
  await gq.screenshot({ path: join(OUT, 'graphiql.png') });
  console.log(`wrote ${OUT}/workbench.png, workbench-warning.png, handling.png, console-rules.png, graphiql.png`);
} finally {
  await browser.close();
  await graph.teardown();
}
