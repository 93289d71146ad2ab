/**
 * Warning-order ingest throughput on PostgreSQL: signed batches of 1 000 records posted to the
 * alerts hook the grid system uses (through the gateway's /hooks proxy), each batch validated,
 * parsed and committed in one transaction.
 *   npx tsx bench/ingest.ts [--batches 60] [--senders 1,2,4]
 */
import { signedHeaders } from '../lib/hmac.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { CORPUS } from '../test/corpus/warning-orders.js';
import { postgres } from '../test/helpers/backends.js';
import { startTestGraph, TEST_HOOKS, TEST_TODAY } from '../test/helpers/graph.js';
import { arg, numberArg } from './lib/args.js';
import { machine } from './lib/stats.js';

const BATCHES = numberArg('batches', 60);
const SENDERS = arg('senders', '1,2,4').split(',').map(Number);
const BATCH = 1000;

console.log(`machine: ${machine()}`);
const graph = await startTestGraph(postgres, { customers: 2000 });
try {
  const ctx = seedContext(TEST_TODAY);
  const people = Array.from({ length: 2000 }, (_, i) => generateCustomer(i, ctx));
  let serial = 0;
  const batch = () =>
    JSON.stringify({
      orders: Array.from({ length: BATCH }, (_, k) => {
        const c = people[(serial + k) % people.length];
        const sample = CORPUS[(serial + k) % CORPUS.length];
        return {
          externalId: `BENCH-${process.pid}-${serial + k}`,
          msisdn: c.msisdn,
          type: 'CHURN',
          level: 'HIGH',
          content: sample.text,
          issuedAt: '2026-11-24T09:00:00+08:00',
          city: c.cityCode,
          hall: c.hallCode,
        };
      }),
      _: (serial += BATCH),
    });
  const url = graph.url.replace(/graphql$/, 'hooks/warning-orders');
  const send = async (body: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.gridSecret, body) }, body });
    const out = (await res.json()) as { accepted: number; rejected: unknown[] };
    if (res.status !== 200 || out.accepted !== BATCH) throw new Error(`batch not fully accepted: ${res.status} ${JSON.stringify(out).slice(0, 200)}`);
  };
  await send(batch());
  for (const senders of SENDERS) {
    const bodies = Array.from({ length: BATCHES }, batch);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: senders }, async () => {
        while (next < bodies.length) await send(bodies[next++]);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${senders} sender(s): ${BATCHES} batches × ${BATCH} records in ${seconds.toFixed(2)} s = ${Math.round((BATCHES * BATCH) / seconds).toLocaleString('en')} records/s`,
    );
  }
  const retryBody = batch();
  await send(retryBody);
  const t = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(TEST_HOOKS.gridSecret, retryBody) },
    body: retryBody,
  });
  console.log(`a retried batch (all duplicates): ${(performance.now() - t).toFixed(1)} ms, ${JSON.stringify(await res.json()).slice(0, 60)}`);
} finally {
  await graph.teardown();
}
