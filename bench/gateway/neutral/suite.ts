import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { composeServices } from '@apollo/composition';
import autocannon from 'autocannon';
import { parse } from 'graphql';
import { PROJECT_ROOT } from '../../../lib/config.js';
import { canonical, startTarget, stopTarget, usage, waitFor } from '../harness.js';
import { NEUTRAL_QUERIES } from './data.js';
import { referenceAnswer } from './reference.js';
import { NEUTRAL_SUBGRAPHS, neutralSdl, neutralSdlFile } from './subgraphs.js';

/**
 * The second suite of bench/gateway.ts: the public graphql-hive/graphql-gateways-benchmark's
 * workload, which none of the gateways was tuned for. Its four subgraphs (accounts, inventory,
 * products, reviews) run in one Node process; `deep` is its query (about 87 kB of answer), `one`
 * asks one subgraph. Every answer is checked against a non-federated reference first. Beside
 * requests a second, each target's CPU per request and the subgraphs' CPU per request are
 * reported: Grafbase runs on both cores, so its requests a second alone would flatter it.
 */

const SUBGRAPH_PORT = 4200;
const TARGET_PORT = 4180;
const GRAFBASE = join(PROJECT_ROOT, 'node_modules/@grafbase/cli-x86_64-unknown-linux-musl/grafbase');
type NeutralQuery = keyof typeof NEUTRAL_QUERIES;

export interface NeutralOptions {
  targets: string[];
  queries: string[];
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  env: NodeJS.ProcessEnv;
}

interface Row {
  target: string;
  query: NeutralQuery;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  gatewayMs: number;
  subgraphMs: number;
  peakMb: number;
  wrong: boolean;
}

const subgraphUrl = (name: string) => `http://127.0.0.1:${SUBGRAPH_PORT}/${name}`;

function composeNeutral(): string {
  const result = composeServices(NEUTRAL_SUBGRAPHS.map((name) => ({ name, url: subgraphUrl(name), typeDefs: parse(neutralSdl(name)) })));
  if (result.errors) throw new Error(`neutral subgraphs do not compose: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

/** Grafbase as the issue measured it: `grafbase dev`, which composes the subgraphs' SDL files itself. */
async function startGrafbase(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const config = join(tmpdir(), 'lingxi-bench-grafbase.toml');
  writeFileSync(
    config,
    NEUTRAL_SUBGRAPHS.map((name) => `[subgraphs.${name}]\nurl = "${subgraphUrl(name)}"\nschema_path = "${neutralSdlFile(name)}"\n`).join('\n'),
  );
  const child = spawn(GRAFBASE, ['dev', '-c', config, '--listen-address', `127.0.0.1:${TARGET_PORT}`], { env, stdio: 'ignore' });
  await waitFor(`http://127.0.0.1:${TARGET_PORT}/graphql?query=%7B__typename%7D`, (s) => s === 200);
  return child;
}

function startSubgraphs(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = fork(join(PROJECT_ROOT, 'dist/bench/gateway/neutral/subgraphs.js'), [String(SUBGRAPH_PORT)], { env, execArgv: profile, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`neutral subgraphs exited ${code}`)));
  });
}

export async function neutralSuite(options: NeutralOptions): Promise<void> {
  const { targets, connections, seconds, headers, env } = options;
  const queries = (Object.keys(NEUTRAL_QUERIES) as NeutralQuery[]).filter((q) => options.queries.includes(q));
  const supergraphFile = join(tmpdir(), 'lingxi-bench-neutral-supergraph.graphql');
  writeFileSync(supergraphFile, composeNeutral());
  const reference = new Map<NeutralQuery, unknown>();
  for (const q of queries) reference.set(q, canonical(await referenceAnswer(NEUTRAL_QUERIES[q])));
  console.log(`neutral suite: ${queries.map((q) => `${q} ${JSON.stringify(reference.get(q)).length.toLocaleString('en')} bytes`).join(', ')}`);

  const subgraphs = await startSubgraphs(env);
  const rows: Row[] = [];
  try {
    for (const kind of targets) {
      if (kind === 'grafbase' && !existsSync(GRAFBASE)) {
        console.log('grafbase: not installed (optional dependency @grafbase/cli-x86_64-unknown-linux-musl), skipped');
        continue;
      }
      const child = kind === 'grafbase' ? await startGrafbase(env) : await startTarget(kind, TARGET_PORT, supergraphFile, subgraphUrl('accounts'), env);
      const endpoint = `http://127.0.0.1:${TARGET_PORT}/${kind === 'proxy' ? '' : 'graphql'}`;
      try {
        for (const query of queries) {
          // The bare proxy reaches the accounts subgraph only: it can answer the one-subgraph query.
          if (kind === 'proxy' && query !== 'one') continue;
          const body = JSON.stringify({ query: NEUTRAL_QUERIES[query] });
          const answer = canonical(await (await fetch(endpoint, { method: 'POST', headers, body })).json());
          const wrong = !isDeepStrictEqual(answer, reference.get(query));
          if (wrong) console.log(`${kind.padEnd(10)} ${query.padEnd(5)} WRONG ANSWER: ${JSON.stringify(answer).slice(0, 400)}`);
          const load = (run: { duration: number } | { amount: number }) => autocannon({ url: endpoint, method: 'POST', headers, body, connections, ...run });
          // Warm-up, untimed: JIT and plan caches.
          await load({ amount: 2000 });
          const before = usage(child.pid!);
          const subgraphsBefore = usage(subgraphs.pid!).cpu;
          const r = await load({ duration: seconds });
          const after = usage(child.pid!);
          const requests = Math.max(r.requests.total, 1);
          const row: Row = {
            target: kind,
            query,
            rps: r.requests.average,
            p50: r.latency.p50,
            p99: r.latency.p99,
            errors: r.errors + r.non2xx,
            gatewayMs: ((after.cpu - before.cpu) * 1000) / requests,
            subgraphMs: ((usage(subgraphs.pid!).cpu - subgraphsBefore) * 1000) / requests,
            peakMb: after.peakMb,
            wrong,
          };
          rows.push(row);
          console.log(
            `${kind.padEnd(10)} ${query.padEnd(5)} ${row.rps.toFixed(0).padStart(6)} req/s  p50 ${row.p50.toFixed(1).padStart(6)} ms  p99 ${row.p99.toFixed(1).padStart(6)} ms  gateway ${row.gatewayMs.toFixed(2).padStart(6)} ms CPU/req  subgraphs ${row.subgraphMs.toFixed(2).padStart(6)} ms CPU/req  peak ${row.peakMb.toFixed(0).padStart(4)} MB  errors ${row.errors}`,
          );
        }
      } finally {
        await stopTarget(child);
      }
    }
  } finally {
    await stopTarget(subgraphs);
  }

  console.log(`\nneutral suite: ${connections} connections, ${seconds} s per cell`);
  console.log(
    '| target | query | req/s | p50 ms | p99 ms | gateway CPU ms/req | subgraph CPU ms/req | peak RSS | req/s vs hive-rust | gateway CPU vs grafbase | subgraph CPU vs grafbase | req/s vs proxy |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const peer = (target: string, r: Row) => rows.find((x) => x.target === target && x.query === r.query && !x.wrong && !r.wrong);
  const ratio = (a: number, b: number | undefined) => (b === undefined ? '–' : `${(a / b).toFixed(2)}×`);
  for (const r of rows) {
    console.log(
      `| ${r.target}${r.wrong ? ' (wrong answer)' : ''} | ${r.query} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.gatewayMs.toFixed(2)} | ${r.subgraphMs.toFixed(2)} | ${r.peakMb.toFixed(0)} MB | ${ratio(r.rps, peer('hive-rust', r)?.rps)} | ${ratio(r.gatewayMs, peer('grafbase', r)?.gatewayMs)} | ${ratio(r.subgraphMs, peer('grafbase', r)?.subgraphMs)} | ${ratio(r.rps, peer('proxy', r)?.rps)} |`,
    );
  }
}
