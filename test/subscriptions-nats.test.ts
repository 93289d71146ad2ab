import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../gateway/server.js';
import { NatsBus } from '../lib/events/nats.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { IdentifyCustomerDocument } from './__generated__/graphql.js';
import { pglite } from './helpers/backends.js';
import { startTestGraph, TEST_CUSTOMERS, TEST_TODAY, type TestGraph } from './helpers/graph.js';
import { feed, listening, wsClient } from './helpers/ws.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const ctx = seedContext(TEST_TODAY);
const people = Array.from({ length: TEST_CUSTOMERS }, (_, i) => generateCustomer(i, ctx)).filter((c) => c.cityCode === 'zhenjiang');
const SUB = `subscription($after: ID) { counterEvents(counter: "zhenjiang-h01-c3", after: $after) { id kind customer { id name activeWarningCount } } }`;

/** Several gateways over NATS JetStream, and a gateway restart that loses nothing. */
describe('subscriptions over the NATS bus', () => {
  const namespace = `t${process.pid}_${randomBytes(3).toString('hex')}`;
  let graph: TestGraph;
  let clerk: string;
  const extra: { gateway: Gateway; bus: NatsBus }[] = [];

  const startGateway = async () => {
    const bus = await NatsBus.connect(NATS_URL, { namespace });
    const { url, gateway } = await graph.startGateway({ bus });
    extra.push({ gateway, bus });
    return { url, gateway, bus };
  };

  beforeAll(async () => {
    graph = await startTestGraph(pglite, { bus: await NatsBus.connect(NATS_URL, { namespace }) });
    clerk = await graph.token('clerk');
  });
  afterAll(async () => {
    for (const { gateway, bus } of extra) {
      await gateway.app.close().catch(() => undefined);
      await bus.close();
    }
    await graph?.teardown();
    await (await NatsBus.connect(NATS_URL, { namespace })).destroy();
  });

  it('serves subscribers on any gateway instance', async () => {
    const other = await startGateway();
    const client = wsClient(other.url, clerk);
    try {
      const events = await listening(other.gateway, () => feed(client, SUB));
      await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h01-c3', msisdn: people[0].msisdn }, clerk);
      expect((await events.next()).data!.counterEvents.customer).toMatchObject({ id: people[0].id, name: people[0].name });
    } finally {
      client.dispose();
    }
  });

  it('loses no event across a gateway restart: the client resumes after its last event id', async () => {
    const first = await startGateway();
    let closeCode = 0;
    const client = wsClient(first.url, clerk, (code) => (closeCode = code));
    const events = await listening(first.gateway, () => feed(client, SUB));
    await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h01-c3', msisdn: people[1].msisdn }, clerk);
    const last = (await events.next()).data!.counterEvents;
    expect(last.customer.id).toBe(people[1].id);

    // The gateway goes down (closing sockets with a reason); customers keep arriving meanwhile.
    await first.gateway.app.close();
    expect(closeCode).toBe(1001);
    for (const p of people.slice(2, 5)) await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h01-c3', msisdn: p.msisdn }, clerk);

    const second = await startGateway();
    const again = wsClient(second.url, clerk);
    try {
      const resumed = feed(again, SUB, { after: last.id });
      const got = [];
      for (let k = 0; k < 3; k++) got.push((await resumed.next()).data!.counterEvents);
      expect(got.map((e) => e.customer.id)).toEqual(people.slice(2, 5).map((p) => p.id));
      expect(got.map((e) => Number(e.id))).toEqual([...got.map((e) => Number(e.id))].sort((a, b) => a - b));
      // And live again after the replay.
      await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h01-c3', msisdn: people[5].msisdn }, clerk);
      expect((await resumed.next()).data!.counterEvents.customer.id).toBe(people[5].id);
      // No event twice: the next one after the replay and the live one is the next customer's.
      await graph.request(IdentifyCustomerDocument, { counter: 'zhenjiang-h01-c3', msisdn: people[6].msisdn }, clerk);
      expect((await resumed.next()).data!.counterEvents.customer.id).toBe(people[6].id);
      expect(resumed.pending()).toBe(0);
    } finally {
      again.dispose();
    }
  });
});
