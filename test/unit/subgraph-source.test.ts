import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GatewayContext } from '../../gateway/context.js';
import { HttpSubgraphSource } from '../../gateway/datasource.js';
import { DEFAULT_SUBGRAPH_POLICY } from '../../lib/limits.js';
import { FederatedGateway } from '../../gateway/execution/federated-gateway.js';
import { extractAuthorization } from '../../gateway/protection/authorization.js';
import { SUPERGRAPH_FILE } from '../../lib/compose.js';
import { readFileSync } from 'node:fs';

/** A subgraph that holds every request until told to answer, so requests in flight can be counted. */
describe('a subgraph source', () => {
  const held: { body: string; res: ServerResponse }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => held.push({ body, res }));
  });
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => server.close());
  const release = () => {
    for (const h of held.splice(0)) h.res.end(JSON.stringify({ data: { n: JSON.parse(h.body).variables.n ?? 0 } }));
  };
  const as = (token: string) => ({ identity: {}, internalToken: async () => token }) as unknown as GatewayContext;

  it('asks once for identical queries of one identity in flight, and gives each caller its own copy', async () => {
    const source = new HttpSubgraphSource('s', url);
    const call = { query: 'query Q($n: Int) { n(n: $n) }', variables: { n: 1 } };
    const answers = Promise.all([source.process(call, as('t1')), source.process(call, as('t1')), source.process(call, as('t1'))]);
    // Another identity, and other variables, are other questions.
    const other = Promise.all([source.process(call, as('t2')), source.process({ ...call, variables: { n: 2 } }, as('t1'))]);
    await vi.waitFor(() => expect(held).toHaveLength(3));
    release();
    const [a, b, c] = await answers;
    expect([a, b, c]).toEqual([{ data: { n: 1 } }, { data: { n: 1 } }, { data: { n: 1 } }]);
    expect(a).not.toBe(b);
    expect((await other).map((r) => r.data)).toEqual([{ n: 1 }, { n: 2 }]);
    // Once answered, the same question is asked again.
    const again = source.process(call, as('t1'));
    await vi.waitFor(() => expect(held).toHaveLength(1));
    release();
    expect(await again).toEqual({ data: { n: 1 } });
  });

  it('sends every mutation, and every query of a subgraph that shares none', async () => {
    const source = new HttpSubgraphSource('s', url);
    const mutation = { query: 'mutation M { n }', variables: {} };
    const sent = Promise.all([source.process(mutation, as('t1')), source.process(mutation, as('t1'))]);
    await vi.waitFor(() => expect(held).toHaveLength(2));
    release();
    await sent;
    const audited = new HttpSubgraphSource('audited', url, { ...DEFAULT_SUBGRAPH_POLICY, shareInflight: false });
    const query = { query: 'query Q { n }', variables: {} };
    const asked = Promise.all([audited.process(query, as('t1')), audited.process(query, as('t1'))]);
    await vi.waitFor(() => expect(held).toHaveLength(2));
    release();
    await asked;
  });

  it('shares none of customer insight’s fetches: each read of a customer is a row of its audit trail', () => {
    const gateway = new FederatedGateway(extractAuthorization(readFileSync(SUPERGRAPH_FILE, 'utf8')).sdl);
    expect(gateway.subgraphs.filter((s) => s.audited).map((s) => s.name)).toEqual(['customer-insight']);
  });
});
