/**
 * The counter workbench in Debian's Chromium, measured as a clerk meets it:
 *   - from the queue's signed identify hook to the customer's picture rendered, over 50 customers
 *     (the page times the moment the name appears; the hook is timed as it is sent, same clock);
 *   - the JavaScript and CSS the workbench page loads, gzipped (GraphiQL is another page);
 *   - its first render on a cold load (no cache): first contentful paint and the counter open.
 *   npx tsx bench/screens.ts [--customers 2000] [--identifications 50]     (npm run build:web first)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { staffToken } from '../lib/auth/staff-token.js';
import { signedHeaders } from '../lib/hmac.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { WEB_DIST } from '../gateway/web-assets.js';
import { numberArg } from './lib/args.js';
import { machine, ms, summary } from './lib/stats.js';
import { pglite } from '../test/helpers/backends.js';
import { startTestGraph, TEST_HOOKS, TEST_SECRETS, TEST_TODAY } from '../test/helpers/graph.js';

const CUSTOMERS = numberArg('customers', 2000);
const N = numberArg('identifications', 50);
const COUNTER = 'zhenjiang-h01-c1';

console.log(`machine: ${machine()}`);
// What the page loads: the entry's script and styles and every module it preloads.
const html = readFileSync(join(WEB_DIST, 'workbench', 'index.html'), 'utf8');
const assets = [...html.matchAll(/(?:src|href)="\/ui\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const gz = (kind: string) =>
  assets.filter((a) => a.endsWith(kind)).reduce((n, a) => n + gzipSync(readFileSync(join(WEB_DIST, a)), { level: 9 }).length, 0) / 1024;
console.log(
  `workbench page: JavaScript ${gz('.js').toFixed(1)} kB gzipped, CSS ${gz('.css').toFixed(1)} kB gzipped (${assets.length} files; fonts load per glyph range)`,
);

const ctx = seedContext(TEST_TODAY);
const people = Array.from({ length: CUSTOMERS }, (_, i) => generateCustomer(i, ctx))
  .filter((c) => c.cityCode === 'zhenjiang')
  .slice(0, N);
const graph = await startTestGraph(pglite, { customers: CUSTOMERS, graphiql: { token: await staffToken('clerk', 'zhenjiang', TEST_SECRETS.jwtSecret) } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const base = graph.url.replace(/\/graphql$/, '');
  // Cold: a fresh context, nothing cached.
  const cold = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await cold.newPage();
  const started = Date.now();
  const listeners = graph.gateway.subscriptions.listening();
  await page.goto(`${base}/workbench?counter=${COUNTER}`);
  await page.locator('.status-open').waitFor({ timeout: 60_000 });
  const open = Date.now() - started;
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
  console.log(`cold load: first contentful paint ${ms(fcp)}, counter open and waiting ${ms(open)}`);
  await graph.gateway.subscriptions.whenListening(listeners + 1);

  const took: number[] = [];
  for (const c of people) {
    // The page notes (wall clock) when this customer's name is on screen. A script of text: the
    // loader's helpers do not exist in the page.
    await page.evaluate(`(() => {
      window.__shown = undefined;
      const name = ${JSON.stringify(c.name)};
      const number = ${JSON.stringify(`${c.msisdn.slice(0, 3)}****${c.msisdn.slice(7)}`)};
      const observer = new MutationObserver(() => {
        const shown = document.querySelector('.picture h2')?.textContent ?? '';
        if (shown.includes(name) && shown.includes(number)) {
          window.__shown = performance.timeOrigin + performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    })()`);
    const hook = JSON.stringify({ counter: COUNTER, msisdn: c.msisdn, source: 'QUEUE' });
    const sent = Date.now();
    const res = await fetch(`${base}/hooks/counter-identified`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.counterHookSecret, hook) },
      body: hook,
    });
    if (res.status !== 200) throw new Error(`hook answered ${res.status}`);
    await page.waitForFunction(() => (window as unknown as { __shown?: number }).__shown !== undefined, null, { timeout: 10_000 });
    took.push((await page.evaluate(() => (window as unknown as { __shown: number }).__shown)) - sent);
    // A warning dialog is the next customer's business, not this measurement's: close it.
    await page.evaluate(`for (const d of document.querySelectorAll('dialog')) d.close();`);
  }
  const s = summary(took);
  console.log(`identify hook → picture rendered, ${s.n} customers: p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`);
  await cold.close();
} finally {
  await browser.close();
  await graph.teardown();
}
