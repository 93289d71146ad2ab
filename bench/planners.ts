/**
 * The two query planners side by side, on the same operations: @apollo/query-planner (the one the
 * gateway runs) and @graphql-hive/router-query-planner (Hive's Rust planner as a Node addon).
 * For each operation it prints the plan's fetches, its rounds (fetches that must wait for
 * another's answer), the subgraph requests it comes to once fetches to one subgraph in one round
 * go as one request (what the gateway's entity batcher does; the Rust planner's BatchFetch
 * already is one), and the time to plan it.
 *   npx tsx bench/planners.ts [--repeat 20]
 */
import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner as HiveQueryPlanner } from '@graphql-hive/router-query-planner';
import { QueryPlanner as ApolloQueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { SUPERGRAPH_FILE } from '../lib/compose.js';
import { extractAuthorization } from '../gateway/protection/authorization.js';
import { NEUTRAL_QUERIES } from './gateway/neutral/data.js';
import { NEUTRAL_SUBGRAPHS, neutralSdl } from './gateway/neutral/subgraphs.js';
import { LINGXI_QUERIES } from './gateway/lingxi-queries.js';
import { numberArg } from './lib/args.js';
import { machine } from './lib/stats.js';

const REPEAT = numberArg('repeat', 20);

interface Node {
  kind: string;
  serviceName?: string;
  nodes?: Node[];
  node?: Node;
  ifClause?: Node;
  elseClause?: Node;
  primary?: { node?: Node };
  deferred?: { node?: Node }[];
}

/** The services each round of a plan asks, in order: a Sequence appends rounds, a Parallel runs its children's rounds side by side. */
function rounds(node: Node | undefined): Set<string>[] {
  if (!node) return [];
  switch (node.kind) {
    case 'Fetch':
    case 'BatchFetch':
      return [new Set([node.serviceName!])];
    case 'Sequence':
      return node.nodes!.flatMap((n) => rounds(n));
    case 'Parallel':
      return node.nodes!.map((n) => rounds(n)).reduce(sideBySide, []);
    case 'Flatten':
      return rounds(node.node);
    case 'Condition':
      return [rounds(node.ifClause), rounds(node.elseClause)].reduce(sideBySide, []);
    default:
      throw new Error(`plan node ${node.kind} is not counted here`);
  }
}

function sideBySide(a: Set<string>[], b: Set<string>[]): Set<string>[] {
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => new Set([...(a[i] ?? []), ...(b[i] ?? [])]));
}

function fetches(node: Node | undefined): number {
  if (!node) return 0;
  if (node.kind === 'Fetch' || node.kind === 'BatchFetch') return 1;
  return [...(node.nodes ?? []), node.node, node.ifClause, node.elseClause].reduce((n, child) => n + fetches(child), 0);
}

function timed<T>(run: () => T): { value: T; ms: number } {
  let value = run();
  const started = performance.now();
  for (let i = 0; i < REPEAT; i++) value = run();
  return { value, ms: (performance.now() - started) / REPEAT };
}

function compare(suite: string, supergraphSdl: string, queries: Record<string, string>) {
  const supergraph = Supergraph.build(supergraphSdl);
  const apiSchema = supergraph.apiSchema();
  const apollo = new ApolloQueryPlanner(supergraph);
  const hive = new HiveQueryPlanner(supergraphSdl);
  const rows: string[] = [];
  for (const [name, query] of Object.entries(queries)) {
    const a = timed(() => apollo.buildQueryPlan(operationFromDocument(apiSchema, parse(query), {})));
    const h = timed(() => hive.plan(query, null, new Set(), 0));
    const describe = (plan: { node?: unknown }, ms: number) => {
      const r = rounds(plan.node as Node);
      return `${fetches(plan.node as Node)} | ${r.length} | ${r.reduce((n, s) => n + s.size, 0)} | ${ms.toFixed(2)}`;
    };
    rows.push(`| ${suite} | ${name} | ${describe(a.value, a.ms)} | ${describe(h.value, h.ms)} |`);
  }
  return rows;
}

const neutral = composeServices(NEUTRAL_SUBGRAPHS.map((name) => ({ name, url: `http://127.0.0.1:4200/${name}`, typeDefs: parse(neutralSdl(name)) })));
if (neutral.errors) throw new Error(neutral.errors.map((e) => e.message).join('; '));
const lingxi = extractAuthorization(readFileSync(SUPERGRAPH_FILE, 'utf8')).sdl;

console.log(`machine: ${machine()}; each plan made ${REPEAT} times after one warm-up`);
console.log('| suite | operation | Apollo fetches | rounds | requests batched | plan ms | Hive Rust fetches | rounds | requests batched | plan ms |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const row of [...compare('neutral', neutral.supergraphSdl, NEUTRAL_QUERIES), ...compare('lingxi', lingxi, LINGXI_QUERIES)]) console.log(row);
