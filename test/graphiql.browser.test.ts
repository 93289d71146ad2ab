import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleQuery } from '../gateway/example-query.js';
import { staffToken } from '../lib/auth/staff-token.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
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

  it('opens from the project’s own assets, signed in, and runs a query spanning subgraphs', async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(graph.url.replace('/graphql', ''))) outside.push(r.url());
    });
    await page.goto(graph.url);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
    await page.locator('.graphiql-execute-button').click();
    // The result pane is a CodeMirror editor that renders only visible lines: read its whole value.
    const resultText = () =>
      page.evaluate(
        () => (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror?: { getValue(): string } } | null)?.CodeMirror?.getValue() ?? '',
      );
    await expect.poll(resultText, { timeout: 30_000 }).toContain('"activeWarningCount"');
    const text = await resultText();
    expect(JSON.parse(text).errors).toBeUndefined();
    expect(text).toContain(customer.name);
    expect(text).toContain('"expiryLabel"');
    expect(text).toContain('"currentPackage"');
    expect(outside).toEqual([]);
    await page.close();
  });
});
