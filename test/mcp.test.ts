import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCustomer, generateWarningOrders, seedContext } from '../lib/seed/customers.js';
import { PROJECT_ROOT } from '../lib/config.js';
import { pglite } from './helpers/backends.js';
import { startTestGraph, TEST_CUSTOMERS, TEST_TODAY, type TestGraph } from './helpers/graph.js';

const ctx = seedContext(TEST_TODAY);
const seeded = Array.from({ length: TEST_CUSTOMERS }, (_, i) => ({ c: generateCustomer(i, ctx), i }));
const warned = seeded.find(({ c, i }) => c.cityCode === 'zhenjiang' && generateWarningOrders(c, i, ctx).length > 0)!.c;
const nanjing = seeded.find(({ c }) => c.cityCode === 'nanjing')!.c;

type ToolResult = { content: { type: string; text: string }[]; isError?: boolean };
const json = (r: unknown) => JSON.parse((r as ToolResult).content[0].text);

/** The assistant's MCP tools, called with the SDK's own client over Streamable HTTP and stdio. */
describe('MCP tools for the assistant', () => {
  let graph: TestGraph;
  let clerk: string;
  let http: Client;

  beforeAll(async () => {
    graph = await startTestGraph(pglite);
    clerk = await graph.token('clerk');
    http = new Client({ name: 'test-assistant', version: '1.0.0' });
    await http.connect(
      new StreamableHTTPClientTransport(new URL(graph.url.replace(/graphql$/, 'mcp')), { requestInit: { headers: { authorization: `Bearer ${clerk}` } } }),
    );
  });
  afterAll(async () => {
    await http?.close();
    await graph?.teardown();
  });

  it('lists its tools with Chinese and English descriptions', async () => {
    const { tools } = await http.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'acknowledge_warning_order',
      'customer_insight',
      'explain_card',
      'list_warning_orders',
      'marketing_rules',
      'read_warning_order',
      'recommend_packages',
    ]);
    for (const t of tools) {
      expect(t.description).toMatch(/[\u4e00-\u9fff]/);
      expect(t.description).toMatch(/[A-Za-z]{4,}/);
    }
  });

  it('looks up insight, lists and acknowledges warning orders, recommends and explains, as the caller', async () => {
    const insight = json(await http.callTool({ name: 'customer_insight', arguments: { msisdn: warned.msisdn } }));
    expect(insight.customer).toMatchObject({ id: warned.id, name: warned.name, msisdn: `${warned.msisdn.slice(0, 3)}****${warned.msisdn.slice(7)}` });
    expect(insight.customer.activeWarningCount).toBeGreaterThan(0);

    const orders = json(await http.callTool({ name: 'list_warning_orders', arguments: { msisdn: warned.msisdn } }));
    const order = orders.customer.warningOrders[0];
    expect(order.parsed.status).toBe('PARSED');
    // The assistant gets the raw text beside the parse, and how sure the parse is, to fill the gaps.
    expect(order.content).toMatch(/^【脉动预警/);
    expect(order.parsed.confidence).toBeGreaterThan(0.5);
    expect(order.typeCheck).toMatchObject({ agrees: true, believed: order.type });
    const one = json(await http.callTool({ name: 'read_warning_order', arguments: { id: order.id } }));
    expect(one.warningOrder).toMatchObject({
      id: order.id,
      content: order.content,
      parsed: { confidence: order.parsed.confidence, notes: order.parsed.notes },
    });
    const queue = json(await http.callTool({ name: 'list_warning_orders', arguments: {} }));
    expect(Array.isArray(queue.hallWarningOrders)).toBe(true);
    const ack = json(await http.callTool({ name: 'acknowledge_warning_order', arguments: { id: order.id } }));
    expect(ack.acknowledgeWarningOrder).toMatchObject({ id: order.id, status: 'ACKNOWLEDGED', acknowledgedBy: 'zhenjiang-s002' });

    const rec = json(await http.callTool({ name: 'recommend_packages', arguments: { msisdn: warned.msisdn, limit: 2 } }));
    const card = rec.customer.recommendations[0];
    expect(rec.customer.recommendations.length).toBeGreaterThan(0);
    const explained = json(await http.callTool({ name: 'explain_card', arguments: { cardId: card.id } }));
    expect(explained.explainCard.packageCode).toBe(card.package.code);
    expect(explained.explainCard.asMarkdown).toMatch(/^# 推荐卡片说明/);
    const cited = card.reasons.flatMap((r: { ruleId: string | null }) => (r.ruleId ? [r.ruleId] : []));
    expect(explained.explainCard.rules.map((r: { id: string }) => r.id).sort()).toEqual([...new Set(cited)].sort());
    const rules = json(await http.callTool({ name: 'marketing_rules', arguments: {} }));
    expect(rules.ruleSet.asMarkdown).toContain('# 营销推荐规则');
  });

  it("reports the graph's errors as tool errors with their codes, and refuses calls without a token", async () => {
    const other = (await http.callTool({ name: 'customer_insight', arguments: { msisdn: '1381234' } })) as ToolResult;
    expect(other.isError).toBe(true);
    expect(json(other).errors[0].code).toBe('BAD_USER_INPUT');
    const outOfCity = json(await http.callTool({ name: 'customer_insight', arguments: { msisdn: nanjing.msisdn } }));
    expect(outOfCity.customer).toBeNull();
    const anonymous = new Client({ name: 'anon', version: '1.0.0' });
    await expect(anonymous.connect(new StreamableHTTPClientTransport(new URL(graph.url.replace(/graphql$/, 'mcp'))))).rejects.toThrow(/401|token/i);
  });

  it('serves the same tools over stdio, acting with the staff token it was started with', async () => {
    const stdio = new Client({ name: 'stdio-assistant', version: '1.0.0' });
    await stdio.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['--import', 'tsx', 'mcp/stdio.ts'],
        cwd: PROJECT_ROOT,
        env: { ...(process.env as Record<string, string>), LINGXI_TOKEN: clerk, LINGXI_GATEWAY_URL: graph.url },
        stderr: 'pipe',
      }),
    );
    try {
      const insight = json(await stdio.callTool({ name: 'customer_insight', arguments: { msisdn: warned.msisdn } }));
      expect(insight.customer.name).toBe(warned.name);
    } finally {
      await stdio.close();
    }
  });
});
