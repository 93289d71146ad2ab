/**
 * The whole handling flow through the gateway on PostgreSQL, as a counter front end drives it:
 * start from a recommendation card → choose the tier → choose gifts → price → form → sign → submit.
 * Seven round trips per flow; the CRM simulator answers with its configured latency.
 *   npx tsx bench/handling.ts [--customers 20000] [--flows 600] [--concurrency 20] [--crm-latency 150]
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { CrmSimulator } from '../subgraphs/orders/crm/simulator.js';
import {
  ChooseGiftsDocument,
  ChoosePromotionTierDocument,
  GenerateFormDocument,
  PriceCartDocument,
  RecommendationsDocument,
  SignFormDocument,
  StartHandlingDocument,
  SubmitHandlingDocument,
  type RecommendationsQuery,
  type SessionViewFragment,
} from '../test/__generated__/graphql.js';
import { postgres } from '../test/helpers/backends.js';
import { startTestGraph, TEST_TODAY } from '../test/helpers/graph.js';
import { numberArg } from './lib/args.js';
import { machine, ms, summary } from './lib/stats.js';

const CUSTOMERS = numberArg('customers', 20_000);
const FLOWS = numberArg('flows', 600);
const CONCURRENCY = numberArg('concurrency', 20);
const CRM_LATENCY = numberArg('crm-latency', 150);
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

type Card = NonNullable<NonNullable<RecommendationsQuery['customer']>['recommendations']>[number];

console.log(`machine: ${machine()}`);
const crm = new CrmSimulator({ latencyMs: CRM_LATENCY, failureRate: 0, timeoutMs: 10_000 });
const graph = await startTestGraph(postgres, { customers: CUSTOMERS, crm });
try {
  const clerk = await graph.token('clerk');
  let keys = 0;
  async function call<R, V>(doc: TypedDocumentNode<R, V>, variables: V): Promise<R> {
    const res = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}` },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    const body = (await res.json()) as { data?: R; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors) throw new Error(body.errors[0].extensions?.code ?? body.errors[0].message);
    return body.data!;
  }
  const step = (s: SessionViewFragment) => ({ sessionId: s.id, version: s.version, idempotencyKey: `bench-${++keys}` });

  // The cards are the input of the flow: one per customer, gathered before timing.
  const ctx = seedContext(TEST_TODAY);
  const cards: Card[] = [];
  for (let i = 0; i < CUSTOMERS && cards.length < FLOWS; i++) {
    const c = generateCustomer(i, ctx);
    if (c.cityCode !== 'zhenjiang') continue;
    const d = await call(RecommendationsDocument, { msisdn: c.msisdn, scenario: 'COUNTER', limit: 3 });
    const card = d.customer?.recommendations?.find((r) => r.promotion && !r.requiresApproval);
    if (card) cards.push(card);
  }
  console.log(`cards: ${cards.length} from ${CUSTOMERS} customers (PostgreSQL); CRM simulator latency ${CRM_LATENCY} ms (0.5–1.5×)`);

  async function flow(card: Card): Promise<void> {
    let s = (await call(StartHandlingDocument, { input: { idempotencyKey: `bench-${++keys}`, cardId: card.id } })).startHandling;
    const p = card.promotion!;
    s = (await call(ChoosePromotionTierDocument, { input: { ...step(s), promotionCode: p.promotionCode, batchCode: p.batchCode, tierCode: p.tier.code } }))
      .choosePromotionTier;
    s = (
      await call(ChooseGiftsDocument, {
        input: {
          ...step(s),
          giftCodes: p.gifts
            .filter((g) => g.stock > 0)
            .slice(0, 1)
            .map((g) => g.code),
        },
      })
    ).chooseGifts;
    s = (await call(PriceCartDocument, { input: step(s) })).priceCart;
    s = (await call(GenerateFormDocument, { input: step(s) })).generateForm;
    s = (await call(SignFormDocument, { input: { ...step(s), formHash: s.form!.hash, format: 'PNG', data: PNG } })).signForm;
    s = (await call(SubmitHandlingDocument, { input: step(s) })).submitHandling;
    if (s.status !== 'COMPLETED') throw new Error(`ended ${s.status}: ${s.order?.failureReason ?? ''}`);
  }

  // Warm-up on a few cards, not counted.
  const warm = cards.splice(0, Math.min(20, Math.floor(cards.length / 10)));
  await Promise.all(warm.map((c) => flow(c).catch(() => undefined)));

  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < cards.length) {
        const card = cards[next++];
        const t = performance.now();
        try {
          await flow(card);
          latencies.push(performance.now() - t);
        } catch (error) {
          const code = (error as Error).message;
          failures.set(code, (failures.get(code) ?? 0) + 1);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const s = summary(latencies);
  console.log(
    `${CONCURRENCY} concurrent flows, ${s.n} completed in ${seconds.toFixed(1)} s: ${(s.n / seconds).toFixed(1)} flows/s (${((s.n * 7) / seconds).toFixed(0)} mutations/s)`,
  );
  console.log(`per flow (7 mutations incl. the CRM call): p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`);
  console.log(`failed flows: ${failures.size === 0 ? 0 : [...failures].map(([code, n]) => `${code} × ${n}`).join(', ')}`);
} finally {
  await graph.teardown();
}
