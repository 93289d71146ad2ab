import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleQuery } from '../gateway/example-query.js';
import { staffToken } from '../lib/auth/staff-token.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { IdentifyCustomerDocument, OpenCounterSessionDocument } from './__generated__/graphql.js';
import { pglite } from './helpers/backends.js';
import { startTestGraph, TEST_SECRETS, TEST_TODAY, type TestGraph } from './helpers/graph.js';

const CHROMIUM = '/usr/bin/chromium';

describe('GraphiQL in a real browser', () => {
  let graph: TestGraph;
  let browser: Browser;
  const customer = generateCustomer(0, seedContext(TEST_TODAY));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: install Debian's chromium (.ci/run does)`);
    graph = await startTestGraph(pglite, {
      customers: 50,
      graphiql: { token: await staffToken('clerk', 'zhenjiang', TEST_SECRETS.jwtSecret), defaultQuery: exampleQuery(customer.msisdn) },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await graph?.teardown();
  });

  /** The Headers tab holds the embedded default's token (GraphiQL fills its editors after it renders). */
  const signedIn = (page: Page) => page.locator('.graphiql-editor-tool .view-lines', { hasText: 'Bearer ey' }).waitFor({ timeout: 30_000 });
  /** The response pane as the person sees it (Monaco renders the lines in view: the page is tall enough for the answer). */
  const response = (page: Page) => page.locator('.graphiql-response').innerText();

  it('opens from the project’s own assets, signed in, and runs a query spanning subgraphs', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 4000 } });
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(graph.url.replace('/graphql', ''))) outside.push(r.url());
    });
    await page.goto(graph.url);
    // Run once GraphiQL has read the operation's name (the tab shows it) and shows the token in the
    // Headers tab, as a person would see both before pressing run.
    await page.locator('.graphiql-tab', { hasText: 'CustomerInsightExample' }).waitFor({ timeout: 30_000 });
    await signedIn(page);
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => response(page), { timeout: 30_000 }).toContain('"activeWarningCount"');
    const text = await response(page);
    expect(text).not.toContain('"errors"');
    expect(text).toContain(customer.name);
    expect(text).toContain('"expiryLabel"');
    expect(text).toContain('"currentPackage"');
    expect(outside).toEqual([]);
    await page.close();
  });

  it('runs a subscription over graphql-ws with the Headers tab’s token, and shows each event as it comes', async () => {
    const counter = 'zhenjiang-h01-c3';
    const clerk = await graph.token('clerk');
    expect((await graph.request(OpenCounterSessionDocument, { counter }, clerk)).body.errors).toBeUndefined();
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(graph.url);
    const editor = page.locator('.graphiql-query-editor .monaco-editor');
    await editor.waitFor({ timeout: 30_000 });
    await signedIn(page);
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(`subscription CounterWatch { counterEvents(counter: "${counter}") { kind counter customer { name } } }`);
    // GraphiQL reads the operation's name from the editor as it changes: run it once the tab says so.
    await page.locator('.graphiql-tab', { hasText: 'CounterWatch' }).waitFor({ timeout: 10_000 });
    const listeners = graph.gateway.subscriptions.listening();
    await page.locator('.graphiql-execute-button').click();
    await graph.gateway.subscriptions.whenListening(listeners + 1);
    const { body } = await graph.request(IdentifyCustomerDocument, { counter, msisdn: customer.msisdn }, clerk);
    expect(body.errors).toBeUndefined();
    await expect.poll(() => response(page), { timeout: 15_000 }).toContain('CUSTOMER_IDENTIFIED');
    expect(await response(page)).toContain(customer.name);
    await page.close();
  });
});
