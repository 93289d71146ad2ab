import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InMemorySpanExporter, SimpleSpanProcessor, type NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { startTracing } from '../lib/telemetry.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { pglite } from './helpers/backends.js';
import { startTestGraph, TEST_CUSTOMERS, TEST_TODAY, type TestGraph } from './helpers/graph.js';

const customer = Array.from({ length: TEST_CUSTOMERS }, (_, i) => generateCustomer(i, seedContext(TEST_TODAY))).find((c) => c.cityCode === 'zhenjiang')!;

describe('OpenTelemetry traces from the gateway into the subgraphs', () => {
  const exporter = new InMemorySpanExporter();
  let provider: NodeTracerProvider;
  let graph: TestGraph;

  beforeAll(async () => {
    provider = startTracing('lingxi-test', null, [new SimpleSpanProcessor(exporter)])!;
    graph = await startTestGraph(pglite);
  });
  afterAll(async () => {
    await graph?.teardown();
    await provider?.shutdown();
  });

  it('records one trace per request: the gateway’s plan and fetches, and each subgraph’s server span under its fetch', async () => {
    exporter.reset();
    const token = await graph.token('clerk');
    const res = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'query Picture($m: String!) { customer(msisdn: $m) { name activeWarningCount currentPackage { name } } }',
        variables: { m: customer.msisdn },
      }),
    });
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    // The gateway's request span ends once the answer is sent, a moment after the client has it.
    await vi.waitFor(() => expect(exporter.getFinishedSpans().find((s) => s.name === 'gateway.request')).toBeDefined(), { timeout: 2000, interval: 5 });
    const spans = exporter.getFinishedSpans();
    const request = spans.find((s) => s.name === 'gateway.request');
    const traceId = request!.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const subgraphs = inTrace.filter((s) => s.name.startsWith('subgraph '));
    expect(new Set(subgraphs.map((s) => s.attributes['lingxi.subgraph']))).toEqual(new Set(['customer-insight', 'alerts', 'catalog']));
    // Each subgraph span's parent is a span of the gateway in the same trace.
    const ids = new Set(inTrace.map((s) => s.spanContext().spanId));
    for (const s of subgraphs) expect(ids.has(s.parentSpanContext?.spanId ?? '')).toBe(true);
    expect(inTrace.some((s) => s.name === 'gateway.plan')).toBe(true);
  });

  it('keeps a deferred part in its request’s trace: the request span lasts until the last part, the later fetch under it', async () => {
    exporter.reset();
    const token = await graph.token('clerk');
    const res = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed;deferSpec=20220824', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'query Picture($m: String!) { customer(msisdn: $m) { name ... @defer(label: "cards") { recommendations(limit: 1) { rank } } } }',
        variables: { m: customer.msisdn },
      }),
    });
    expect(res.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    expect(await res.text()).toContain('"label":"cards"');
    await vi.waitFor(() => expect(exporter.getFinishedSpans().find((s) => s.name === 'gateway.request')).toBeDefined(), { timeout: 2000, interval: 5 });
    const spans = exporter.getFinishedSpans();
    const requests = spans.filter((s) => s.name === 'gateway.request');
    expect(requests).toHaveLength(1);
    const request = requests[0];
    expect(request.attributes['graphql.incremental']).toBe(true);
    const inTrace = spans.filter((s) => s.spanContext().traceId === request.spanContext().traceId);
    // The cards come from the catalog in the deferred part: its fetch is in the same trace and ends
    // before the request span does.
    const catalog = inTrace.find((s) => s.name === 'gateway.fetch' && s.attributes['graphql.subgraph'] === 'catalog');
    expect(catalog).toBeDefined();
    // Under the request span, through its ancestors.
    const byId = new Map(inTrace.map((s) => [s.spanContext().spanId, s]));
    let up: (typeof inTrace)[number] | undefined = catalog;
    while (up && up !== request) up = byId.get(up.parentSpanContext?.spanId ?? '');
    expect(up).toBe(request);
    // The OpenTelemetry SDK anchors each span's clock to Date.now() at its start (whole
    // milliseconds) plus a monotonic delta, so two spans' times agree only to within a millisecond;
    // a request span that ended with the first part would end before the deferred fetch began.
    const end = (s: { endTime: [number, number] }) => s.endTime[0] * 1e3 + s.endTime[1] / 1e6;
    expect(end(catalog!)).toBeLessThanOrEqual(end(request) + 1);
    expect(inTrace.some((s) => s.name.startsWith('subgraph ') && s.attributes['lingxi.subgraph'] === 'catalog')).toBe(true);
  });
});
