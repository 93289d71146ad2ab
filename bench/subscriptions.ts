/**
 * Live counters at scale: N subscribers (default 1 000) on one gateway process, spread over the
 * province's counters (each subscribed with a clerk token of that counter's hall); customers are
 * identified at random counters and every subscriber of that counter must receive the customer's
 * insight, warning orders and top-3 recommendations. Prints identify → event received p50/p99 and
 * the gateway's memory. The gateway runs in its own process (so its memory is its own), the
 * subgraphs in this one, events over NATS JetStream, data on PostgreSQL.
 *   npx tsx bench/subscriptions.ts [--subscribers 1000] [--rate 20] [--seconds 30]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Identity, Role } from '../lib/auth/identity.js';
import { signIdentity, STAFF_AUDIENCE } from '../lib/auth/tokens.js';
import { PROJECT_ROOT } from '../lib/config.js';
import { NatsBus } from '../lib/events/nats.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { HALLS, STAFF } from '../lib/org-chart.js';
import { postgres } from '../test/helpers/backends.js';
import { startTestGraph, TEST_SECRETS, TEST_TODAY } from '../test/helpers/graph.js';
import { numberArg } from './lib/args.js';
import { machine, ms, summary } from './lib/stats.js';

const SUBSCRIBERS = numberArg('subscribers', 1000);
const RATE = numberArg('rate', 20);
const SECONDS = numberArg('seconds', 30);
const CUSTOMERS = 20_000;
const namespace = `bench_${randomBytes(3).toString('hex')}`;
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

console.log(`machine: ${machine()}`);
const bus = await NatsBus.connect(NATS_URL, { namespace });
const graph = await startTestGraph(postgres, { customers: CUSTOMERS, bus });
// The gateway under test, alone in its own process, on the same bus.
const port = 4700 + Math.floor(Math.random() * 200);
const child = spawn(process.execPath, ['--import', 'tsx', 'gateway/index.ts'], {
  cwd: PROJECT_ROOT,
  env: {
    ...process.env,
    ...Object.fromEntries(graph.subgraphs.map((s) => [`SUBGRAPH_${s.name.toUpperCase().replaceAll('-', '_')}_URL`, s.url])),
    JWT_SECRET: TEST_SECRETS.jwtSecret,
    INTERNAL_SECRET: TEST_SECRETS.internalSecret,
    GRID_SECRET: 'x'.repeat(32),
    COUNTER_HOOK_SECRET: 'y'.repeat(32),
    EVENT_BUS: 'nats',
    NATS_URL,
    NATS_NAMESPACE: namespace,
    PORT: String(port),
    NODE_ENV: 'production',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  child.stdout!.on('data', (d: Buffer) => d.toString().includes('lingxi gateway at') && resolve());
  child.on('exit', (code) => reject(new Error(`gateway exited ${code}`)));
});
const gatewayUrl = `ws://127.0.0.1:${port}/graphql`;
const rss = () => {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
};

try {
  const idle = rss();
  const clerks = new Map<string, string>();
  for (const hall of HALLS) {
    const s = STAFF.find((x) => x.hallCode === hall.code && x.roles.includes('clerk'))!;
    const identity: Identity = { staffId: s.staffId, name: s.name, hall: s.hallCode, city: s.cityCode, roles: s.roles as Role[] };
    clerks.set(hall.code, await signIdentity(identity, TEST_SECRETS.jwtSecret, STAFF_AUDIENCE, 3600));
  }
  const counters = HALLS.flatMap((h) => h.counters.map((c) => ({ counter: c, hall: h.code, city: h.cityCode })));
  const QUERY = `subscription($c: ID!) { counterEvents(counter: $c) { id kind customer { id name tags arpu holdings(labels: [RED, YELLOW]) { name expiryLabel } warningOrders { id type level parsed { reasons actions } } recommendations(limit: 3) { rank package { code name } reasons { text } } } } }`;
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  let failed = 0;
  const clients = [];
  for (let k = 0; k < SUBSCRIBERS; k++) {
    const target = counters[k % counters.length];
    const client = createClient({
      url: gatewayUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${clerks.get(target.hall)}` },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
    });
    client.subscribe<{ counterEvents: { id: string; customer: { id: string } | null } }>(
      { query: QUERY, variables: { c: target.counter } },
      {
        next: (r) => {
          const e = r.data?.counterEvents;
          const at = e ? sent.get(e.customer?.id ? `${target.counter}|${e.customer.id}` : '') : undefined;
          if (r.errors || !e?.customer) failed++;
          else if (at !== undefined) {
            latencies.push(performance.now() - at);
            received++;
          }
        },
        error: () => failed++,
        complete: () => undefined,
      },
    );
    clients.push(client);
  }
  await new Promise((r) => setTimeout(r, 3000));
  const connected = rss();
  console.log(
    `${SUBSCRIBERS} subscribers on ${Math.min(SUBSCRIBERS, counters.length)} counters; gateway RSS idle ${idle.rss.toFixed(0)} MB, with subscribers ${connected.rss.toFixed(0)} MB`,
  );

  const ctx = seedContext(TEST_TODAY);
  const byCity = new Map<string, string[]>();
  for (let i = 0; i < CUSTOMERS; i++) {
    const c = generateCustomer(i, ctx);
    byCity.set(c.cityCode, [...(byCity.get(c.cityCode) ?? []), `${c.msisdn}|${c.id}`]);
  }
  const subscribersOf = (counter: string) =>
    Math.floor(SUBSCRIBERS / counters.length) + (counters.findIndex((c) => c.counter === counter) < SUBSCRIBERS % counters.length ? 1 : 0);
  let expected = 0;
  const started = performance.now();
  for (let n = 0; performance.now() - started < SECONDS * 1000; n++) {
    const target = counters[(n * 7919) % counters.length];
    const people = byCity.get(target.city)!;
    const [msisdn, id] = people[(n * 104729) % people.length].split('|');
    const token = clerks.get(target.hall)!;
    sent.set(`${target.counter}|${id}`, performance.now());
    expected += subscribersOf(target.counter);
    void fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `mutation { identifyCustomer(counter: "${target.counter}", msisdn: "${msisdn}") { eventId } }` }),
    });
    await new Promise((r) => setTimeout(r, 1000 / RATE));
  }
  await new Promise((r) => setTimeout(r, 3000));
  const s = summary(latencies);
  const after = rss();
  console.log(`${sent.size} customers identified at ${RATE}/s for ${SECONDS} s; ${received} of ${expected} expected events received (${failed} errors)`);
  console.log(`identify → event received: p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)}`);
  console.log(`gateway memory: RSS ${after.rss.toFixed(0)} MB now, peak ${after.peak.toFixed(0)} MB`);
  for (const c of clients) await c.dispose();
} finally {
  child.kill('SIGTERM');
  await graph.teardown();
  await (await NatsBus.connect(NATS_URL, { namespace })).destroy();
}
