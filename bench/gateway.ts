/**
 * Gateway benchmark: the same queries at the same concurrency through our gateway, stock
 * @apollo/gateway on @apollo/server, Hive Gateway (JavaScript planner, and Rust planner via
 * @graphql-hive/router-runtime), a bare HTTP pass-through proxy, and directly against the subgraph.
 * Subgraphs run as four processes on PostgreSQL; each target runs alone in its own process;
 * autocannon drives the load from this one. Every target must return the same JSON as the others
 * before it is timed. No target caches responses or deduplicates clients' requests (identical subgraph
 * queries in flight are shared by the gateways that do so by default, ours among them). Everything runs compiled
 * (`npm run build`, done first). The dashboard is also measured paced, at --paced-rate requests/s.
 *   npx tsx bench/gateway.ts [--customers 1000000] [--connections 50] [--seconds 10] [--targets ours,apollo,...] [--queries single,deep] [--paced-rate 100]
 * The neutral suite (bench/gateway/neutral/suite.ts) runs the public gateways benchmark's workload instead:
 *   npx tsx bench/gateway.ts --suite neutral [--targets proxy,ours,hive-rust,hive,apollo,grafbase] [--queries deep,one] [--seconds 10]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { INTERNAL_AUDIENCE, INTERNAL_HEADER, signIdentity } from '../lib/auth/tokens.js';
import { systemClock, today } from '../lib/clock.js';
import { PROJECT_ROOT, SUBGRAPHS } from '../lib/config.js';
import { SUPERGRAPH_FILE } from '../lib/compose.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { extractAuthorization } from '../gateway/protection/authorization.js';
import { arg, numberArg } from './lib/args.js';
import { machine } from './lib/stats.js';
import { pacedLoad, type PacedResult } from './lib/paced.js';
import { canonical, startTarget, stopTarget, usage, waitFor } from './gateway/harness.js';
import { neutralSuite } from './gateway/neutral/suite.js';
import { LINGXI_QUERIES } from './gateway/lingxi-queries.js';

// --suite lingxi (our four subgraphs on PostgreSQL) or neutral (bench/gateway/neutral: the public
// gateways benchmark's workload, with Grafbase beside the others).
const SUITE = arg('suite', 'lingxi');
const CUSTOMERS = numberArg('customers', 1_000_000);
const CONNECTIONS = numberArg('connections', 50);
const SECONDS = numberArg('seconds', 10);
const TARGETS = arg('targets', 'direct,proxy,ours,apollo,hive,hive-rust').split(',');
const ONLY = arg('queries', 'single,dashboard,deep').split(',');
const PACED_RATE = numberArg('paced-rate', 100);
// The database on this machine through its Unix socket, as a co-located PostgreSQL is reached
// (about 4 % more dashboards a second than over TCP on 127.0.0.1); the same for every target.
const SOCKET_DIR = '/var/run/postgresql';
const SERVER =
  process.env.BENCH_POSTGRES_URL ??
  (existsSync(`${SOCKET_DIR}/.s.PGSQL.5432`) ? `postgres://root@localhost/test?host=${SOCKET_DIR}` : 'postgres://root@127.0.0.1:5432/test');
const DATABASE = `lingxi_bench_gateway_${CUSTOMERS}`;
const SUBGRAPH_PORTS: Record<string, number> = { 'customer-insight': 4101, catalog: 4102, alerts: 4103, orders: 4104 };
const TARGET_PORT = 4180;
const secrets = {
  JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789',
  INTERNAL_SECRET: 'bench-internal-secret-0123456789abcdef01234',
  GRID_SECRET: 'bench-grid-secret-0123456789abcdef0123456789',
  COUNTER_HOOK_SECRET: 'bench-counter-secret-0123456789abcdef012345',
};

const QUERIES = LINGXI_QUERIES;
type QueryName = keyof typeof QUERIES;

const url = new URL(SERVER);
url.pathname = `/${DATABASE}`;
const databaseUrl = url.toString();
const env = {
  ...process.env,
  ...secrets,
  DATABASE_URL: databaseUrl,
  SEED: 'off',
  EVENT_BUS: 'memory',
  NODE_ENV: 'production',
  GATEWAY_URL: `http://127.0.0.1:${TARGET_PORT}/graphql`,
};

/** Seeds once per scale: the database is kept between runs (its name carries the customer count). */
async function ensureDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const seeded = await db.query(`SELECT count(*)::int AS n FROM customer_insight.customer`).then(
    (r) => r.rows[0].n as number,
    () => 0,
  );
  await db.end();
  if (seeded === CUSTOMERS) return console.log(`database ${DATABASE}: ${seeded.toLocaleString('en')} customers already seeded`);
  console.log(`seeding ${CUSTOMERS.toLocaleString('en')} customers into ${DATABASE} …`);
  await run('npx', ['tsx', 'scripts/seed.ts', '--customers', String(CUSTOMERS)]);
}

/**
 * Every customer a target shows is written to customer-insight's audit trail, a million rows a
 * run or so. Left to grow, that index on this machine's PostgreSQL slowed every later target
 * (direct went from 15 000 to 9 900 req/s after five million rows), so each target starts from
 * the seeded database.
 */
async function clearAuditTrail(): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query('TRUNCATE customer_insight.access_log');
  await db.end();
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

/** Subgraph logs (JSON lines) go to a file, for when a target's answer differs. */
const SUBGRAPH_LOG = join(tmpdir(), 'lingxi-bench-subgraphs.log');

function startSubgraphs(): ChildProcess[] {
  const log = openSync(SUBGRAPH_LOG, 'w');
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return SUBGRAPHS.map((name) =>
    spawn(process.execPath, [...profile, `dist/subgraphs/${name}/index.js`], {
      cwd: PROJECT_ROOT,
      env: { ...env, [`${name.toUpperCase().replaceAll('-', '_')}_PORT`]: String(SUBGRAPH_PORTS[name]) },
      stdio: ['ignore', log, log],
    }),
  );
}

/** POSTs one GraphQL request straight to a subgraph. */
async function subgraphData(name: string, headers: Record<string, string>, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await fetch(`http://127.0.0.1:${SUBGRAPH_PORTS[name]}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`oracle: ${name} answered ${JSON.stringify(body).slice(0, 300)}`);
  return body.data;
}

/**
 * The right answer to a query, put together from the subgraphs by hand, independent of any
 * gateway's planner: every target is checked against it. (deep has none: its reference is the
 * first target's answer.)
 */
async function oracle(query: QueryName, m: string, headers: Record<string, string>): Promise<unknown> {
  if (query === 'single') return { data: await subgraphData('customer-insight', headers, QUERIES.single, { m }) };
  if (query !== 'dashboard') return undefined;
  const { customer } = await subgraphData(
    'customer-insight',
    headers,
    `query($m: String!) { customer(msisdn: $m) {
    id msisdnKey name segment tags shown: holdings(labels: [RED, YELLOW]) { name endDate expiryLabel }
    arpu tenureMonths city { code } usage { month dataMb voiceMinutes overageFee }
    holdings { kind package { code } promotionCode tierCode endDate expiryLabel monthlyFee } } }`,
    { m },
  );
  const { id, msisdnKey, name, segment, tags, shown, arpu, tenureMonths, city, usage, holdings } = customer;
  const [catalog, alerts] = await Promise.all([
    subgraphData(
      'catalog',
      headers,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer {
      recommendations(limit: 3) { rank package { code name monthlyFee } reasons { text ruleId } } } } }`,
      { r: [{ __typename: 'Customer', id, arpu, tenureMonths, segment, tags, city, usage, holdings }] },
    ),
    subgraphData(
      'alerts',
      headers,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer {
      activeWarningCount warningOrders { type level status parsed { reasons actions } } } } }`,
      { r: [{ __typename: 'Customer', msisdnKey }] },
    ),
  ]);
  return { data: { customer: { id, name, segment, tags, holdings: shown, ...alerts._entities[0], ...catalog._entities[0] } } };
}

interface Row {
  target: string;
  query: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpu: number;
  peakMb: number;
  wrong?: boolean;
}

/**
 * The headers every target is sent. Internal identities live at most five minutes
 * (lib/auth/tokens.ts): the one sent is renewed each minute, and each cell (seconds long) starts
 * with a fresh one.
 */
async function benchHeaders(): Promise<Record<string, string>> {
  const benchIdentity = () =>
    signIdentity(
      { staffId: 'bench', name: 'bench', hall: 'zhenjiang-h01', city: 'zhenjiang', roles: ['clerk'] },
      secrets.INTERNAL_SECRET,
      INTERNAL_AUDIENCE,
      240,
    );
  const headers: Record<string, string> = { 'content-type': 'application/json', [INTERNAL_HEADER]: await benchIdentity() };
  setInterval(async () => {
    headers[INTERNAL_HEADER] = await benchIdentity();
  }, 60_000).unref();
  return headers;
}

async function main(): Promise<void> {
  await ensureDatabase();
  const seedDate = today(systemClock);
  const ctx = seedContext(seedDate);
  const msisdns: string[] = [];
  for (let i = 0; msisdns.length < 2000 && i < CUSTOMERS; i++) {
    const c = generateCustomer((i * 37) % CUSTOMERS, ctx);
    if (c.cityCode === 'zhenjiang') msisdns.push(c.msisdn);
  }
  const headers = await benchHeaders();

  // The supergraph every target serves: our subgraph URLs, and without the authorization links
  // @apollo/gateway cannot load (ours enforces them; the others would refuse or ignore them).
  let sdl = extractAuthorization(readFileSync(SUPERGRAPH_FILE, 'utf8')).sdl;
  for (const [name, port] of Object.entries(SUBGRAPH_PORTS))
    sdl = sdl.replace(new RegExp(`(@join__graph\\(name: "${name}", url: ")[^"]+`), `$1http://127.0.0.1:${port}/graphql`);
  const supergraphFile = join(tmpdir(), 'lingxi-bench-supergraph.graphql');
  writeFileSync(supergraphFile, sdl);

  const subgraphs = startSubgraphs();
  if (process.env.BENCH_CPU_PROF)
    console.log(`subgraph pids (profile file names carry them): ${subgraphs.map((s, i) => `${SUBGRAPHS[i]} ${s.pid}`).join(', ')}`);
  const rows: Row[] = [];
  try {
    for (const port of Object.values(SUBGRAPH_PORTS)) await waitFor(`http://127.0.0.1:${port}/health`, (s) => s === 200);
    const reference = new Map<string, unknown>();
    for (const query of ONLY as QueryName[]) {
      for (const m of msisdns.slice(0, 5)) {
        const expected = await oracle(query, m, headers);
        if (expected !== undefined) reference.set(`${query}:${m}`, canonical(expected));
      }
    }
    for (const kind of TARGETS) {
      await clearAuditTrail();
      const child =
        kind === 'direct' ? null : await startTarget(kind, TARGET_PORT, supergraphFile, `http://127.0.0.1:${SUBGRAPH_PORTS['customer-insight']}/graphql`, env);
      const endpoint = kind === 'direct' ? `http://127.0.0.1:${SUBGRAPH_PORTS['customer-insight']}/graphql` : `http://127.0.0.1:${TARGET_PORT}/graphql`;
      try {
        for (const query of Object.keys(QUERIES) as QueryName[]) {
          // Direct and the proxy reach one subgraph: only the single-subgraph query applies.
          if ((kind === 'direct' || kind === 'proxy') && query !== 'single') continue;
          if (!ONLY.includes(query)) continue;
          let differs: string | null = null;
          for (const m of msisdns.slice(0, 5)) {
            const res = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ query: QUERIES[query], variables: { m } }) });
            const body = canonical(await res.json());
            const key = `${query}:${m}`;
            if (!reference.has(key)) reference.set(key, body);
            else if (!isDeepStrictEqual(reference.get(key), body)) differs ??= JSON.stringify(body).slice(0, 400);
          }
          // A wrong answer is still timed, for comparison, but flagged, and no ratio is taken against it.
          if (differs) console.log(`${kind.padEnd(10)} ${query.padEnd(10)} WRONG ANSWER: ${differs}`);
          let n = 0;
          const bodies = msisdns.map((m) => JSON.stringify({ query: QUERIES[query], variables: { m } }));
          const load = (run: { duration: number } | { amount: number }) =>
            autocannon({
              url: endpoint,
              method: 'POST',
              headers,
              connections: CONNECTIONS,
              ...run,
              requests: [{ setupRequest: (req) => ({ ...req, body: bodies[n++ % bodies.length] }) }],
            });
          // Warm-up, untimed: every customer once, so no cell pays for cold PostgreSQL pages or JIT.
          await load({ amount: bodies.length });
          const measure = async (label: string, drive: () => Promise<PacedResult>) => {
            const before = child ? usage(child.pid!) : null;
            const subgraphsBefore = subgraphs.map((s) => usage(s.pid!).cpu);
            const result = await drive();
            const after = child ? usage(child.pid!) : null;
            const subgraphCpu = subgraphs
              .map((s, i) => `${SUBGRAPHS[i]} ${(((usage(s.pid!).cpu - subgraphsBefore[i]) / SECONDS) * 100).toFixed(0)}%`)
              .join(', ');
            const row: Row = {
              target: kind,
              query: label,
              ...result,
              wrong: differs !== null,
              cpu: before && after ? ((after.cpu - before.cpu) / SECONDS) * 100 : NaN,
              peakMb: after?.peakMb ?? NaN,
            };
            rows.push(row);
            console.log(
              `${kind.padEnd(10)} ${label.padEnd(16)} ${row.rps.toFixed(0).padStart(6)} req/s  p50 ${row.p50.toFixed(1).padStart(6)} ms  p99 ${row.p99.toFixed(1).padStart(6)} ms  cpu ${Number.isNaN(row.cpu) ? '   -' : row.cpu.toFixed(0).padStart(4)}%  peak ${Number.isNaN(row.peakMb) ? '   -' : row.peakMb.toFixed(0).padStart(4)} MB  errors ${row.errors}  (subgraphs: ${subgraphCpu})`,
            );
          };
          // Closed loop: each connection sends its next request when the last is answered, so p99
          // is mostly queueing once the machine is saturated.
          await measure(query, async () => {
            const r = await load({ duration: SECONDS });
            return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
          });
          // Paced: requests arriving at a steady rate below saturation over the same number of
          // connections, the latency a counter sees when the hall is busy but the machine is not overloaded.
          if (query === 'dashboard' && PACED_RATE > 0) {
            await measure(`dashboard@${PACED_RATE}/s`, () =>
              pacedLoad({ url: endpoint, headers, bodies, rate: PACED_RATE, seconds: SECONDS, connections: CONNECTIONS }),
            );
          }
        }
      } finally {
        // The next target takes the same port: wait until this one has let it go.
        if (child) await stopTarget(child);
      }
    }
  } finally {
    for (const s of subgraphs) s.kill('SIGTERM');
  }

  console.log(`\n${CONNECTIONS} connections, ${SECONDS} s per cell, ${CUSTOMERS.toLocaleString('en')} customers on PostgreSQL`);
  console.log('| target | query | req/s | p50 ms | p99 ms | CPU | peak RSS | vs @apollo/gateway | vs direct |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const apollo = rows.find((x) => x.target === 'apollo' && x.query === r.query);
    const direct = rows.find((x) => x.target === 'direct' && x.query === r.query);
    const ratio = (x?: Row) => (x && !x.wrong && !r.wrong ? (r.rps / x.rps).toFixed(2) : '–');
    console.log(
      `| ${r.target}${r.wrong ? ' (wrong answer)' : ''} | ${r.query} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${Number.isNaN(r.cpu) ? '–' : `${r.cpu.toFixed(0)}%`} | ${Number.isNaN(r.peakMb) ? '–' : `${r.peakMb.toFixed(0)} MB`} | ${ratio(apollo)} | ${ratio(direct)} |`,
    );
  }
}

console.log(`machine: ${machine()}`);
// Subgraphs and targets run compiled, as deployed (`npm run build`): no TypeScript loader in any process.
await run('npx', ['tsc', '-p', 'tsconfig.build.json']);
if (SUITE === 'neutral') {
  await neutralSuite({
    targets: arg('targets', 'proxy,ours,hive-rust,hive,apollo,grafbase').split(','),
    queries: arg('queries', 'deep,one').split(','),
    connections: CONNECTIONS,
    seconds: SECONDS,
    headers: await benchHeaders(),
    env,
  });
} else await main();
