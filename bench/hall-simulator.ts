/**
 * Halls as they would drive the graph: rounds of distinct customers, each served by a clerk of the
 * customer's own hall over HTTP, shown the graph's top 3 and accepting or declining each card by a
 * hidden taste the recommender cannot read (offsets per hall × package family and per segment ×
 * package, beside price and fit). Outcomes go back through recordRecommendationOutcome, as a
 * counter screen would send them. Per round it prints the expected acceptance (chance the customer
 * takes one of three cards) of:
 *   graph    the cards the graph showed;
 *   popular  "most accepted so far": the same eligible cards re-ranked by acceptances recorded;
 *   oracle   the best 3 of those eligible cards by the hidden taste;
 * both baselines take their 3 as the graph must: no set of cards that breaks a hard rule (a
 * category limit such as at most one FAMILY card, two offers that exclude each other), the next
 * card in their order taking the place; the oracle that ignores those rules is printed beside;
 *   holdout  the graph's top 3 for a fixed panel, queried after every round and never recorded.
 * and the hard-rule violations of every card shown (must be 0).
 *   npx tsx bench/hall-simulator.ts [--customers 6000] [--rounds 8] [--per-round 200]
 */
import { tokenFor } from '../lib/auth/staff-token.js';
import { staffOfHall } from '../lib/org-chart.js';
import { generateCustomer, seedContext, type SeedCustomer } from '../lib/seed/customers.js';
import { rngFor } from '../lib/seed/rng.js';
import { numberArg } from './lib/args.js';
import { machine } from './lib/stats.js';
import { violations } from '../test/helpers/hard-rules.js';
import { pglite } from '../test/helpers/backends.js';
import { startTestGraph, TEST_SECRETS, TEST_TODAY } from '../test/helpers/graph.js';
import { defaultRules, seededFacts, seededSnapshot } from '../test/helpers/seeded-recommender.js';

const CUSTOMERS = numberArg('customers', 6000);
const ROUNDS = numberArg('rounds', 8);
const PER_ROUND = numberArg('per-round', 200);
const HOLDOUT = numberArg('holdout', 100);
const POOL = 12;

interface Shown {
  id: string;
  package: { code: string; family: string; monthlyFee: number; dataGb: number };
  monthlyFeeChange: number;
}

const QUERY = `query($m: String!, $limit: Int) { customer(msisdn: $m) { recommendations(scenario: COUNTER, limit: $limit) {
  id package { code family monthlyFee dataGb } monthlyFeeChange } } }`;
const RECORD = `mutation($input: RecommendationOutcomeInput!) { recordRecommendationOutcome(input: $input) { duplicate } }`;

// The hidden taste: what no rule or attribute says, only outcomes can teach. Each offset is drawn
// from its own seeded stream, so the world is the same whatever the graph shows first.
const taste = rngFor('hall-simulator-choices', 0);
const offsets = new Map<string, number>();
const offset = (key: string, sd: number) => {
  let v = offsets.get(key);
  if (v === undefined) {
    const r = rngFor(`hall-simulator-taste|${key}`, 0);
    offsets.set(key, (v = Math.sqrt(-2 * Math.log(Math.max(r.next(), 1e-12))) * Math.cos(2 * Math.PI * r.next()) * sd));
  }
  return v;
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
function acceptance(c: SeedCustomer, card: Shown): number {
  const arpu = Math.max(c.arpuCents / 100, 20);
  const usedGb = Math.max(...c.usage.map((u) => u.dataMb / 1024));
  const fit = card.package.dataGb >= usedGb ? 0.4 : -0.4;
  const price = -Math.max(0, card.monthlyFeeChange) / arpu;
  return sigmoid(-2 + offset(`${c.hallCode}|${card.package.family}`, 1.2) + offset(`${c.segment}|${card.package.code}`, 0.8) + fit + price);
}
/** The chance a customer takes one of the cards: what a policy is worth. */
const worth = (c: SeedCustomer, cards: Shown[]) => 1 - cards.reduce((q, k) => q * (1 - acceptance(c, k)), 1);

console.log(`machine: ${machine()}`);
const ctx = seedContext(TEST_TODAY);
const zhenjiang = Array.from({ length: CUSTOMERS }, (_, i) => generateCustomer(i, ctx)).filter((c) => c.cityCode === 'zhenjiang');
const holdout = zhenjiang.slice(0, HOLDOUT);
const served = zhenjiang.slice(HOLDOUT);
if (served.length < ROUNDS * PER_ROUND) throw new Error(`only ${served.length} customers for ${ROUNDS} × ${PER_ROUND}: raise --customers`);
const snapshot = seededSnapshot(TEST_TODAY);
const rules = defaultRules('zhenjiang', snapshot, TEST_TODAY);
const doc = { name: rules.name, rules: [...rules.rules] };

const graph = await startTestGraph(pglite, { customers: CUSTOMERS });
try {
  const clerks = new Map<string, string[]>();
  const clerkOf = async (c: SeedCustomer, k: number) => {
    let tokens = clerks.get(c.hallCode);
    if (!tokens) clerks.set(c.hallCode, (tokens = await Promise.all(staffOfHall(c.hallCode, 'clerk').map((s) => tokenFor(s, TEST_SECRETS.jwtSecret)))));
    return tokens[k % tokens.length];
  };
  const post = async (token: string, query: string, variables: Record<string, unknown>) => {
    const res = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: { customer?: { recommendations: Shown[] } | null }; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
    return body.data!;
  };
  const cards = async (c: SeedCustomer, token: string, limit: number) => (await post(token, QUERY, { m: c.msisdn, limit })).customer!.recommendations;
  const accepted = new Map<string, number>();
  let broken = 0;
  let shownTotal = 0;

  /** The first 3 cards of an order that may be shown together, as the hard rules say. */
  const showable = (c: SeedCustomer, order: Shown[]) => {
    const facts = seededFacts(c, TEST_TODAY);
    const chosen: Shown[] = [];
    for (const card of order) {
      if (chosen.length === 3) break;
      const trial = [...chosen, card].map((s) => ({ package: snapshot.packages.get(s.package.code)! }));
      if (violations(trial, doc, facts, snapshot, 'COUNTER', 3, TEST_TODAY).length === 0) chosen.push(card);
    }
    return chosen;
  };
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(xs.length, 1);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
  const panel = async () => mean(await Promise.all(holdout.map(async (c, k) => worth(c, await cards(c, await clerkOf(c, k), 3)))));
  console.log(
    `${served.length} customers to serve, ${HOLDOUT} in the holdout panel, ${ROUNDS} rounds of ${PER_ROUND}; hidden taste: hall × family sd 1.2, segment × package sd 0.8`,
  );
  console.log(`round | graph  | popular | oracle | holdout | outcomes learnt | oracle ignoring the rules`);
  console.log(`    0 |        |         |        | ${pct(await panel())}  |`);
  let learnt = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const batch = served.slice((round - 1) * PER_ROUND, round * PER_ROUND);
    const scores = { graph: [] as number[], popular: [] as number[], oracle: [] as number[], unruly: [] as number[] };
    for (const [k, c] of batch.entries()) {
      const token = await clerkOf(c, k);
      const [shown, pool] = await Promise.all([cards(c, token, 3), cards(c, token, POOL)]);
      shownTotal += shown.length;
      broken += violations(
        shown.map((s) => ({ package: snapshot.packages.get(s.package.code)! })),
        doc,
        seededFacts(c, TEST_TODAY),
        snapshot,
        'COUNTER',
        3,
        TEST_TODAY,
      ).length;
      scores.graph.push(worth(c, shown));
      const byPopularity = [...pool].sort((a, b) => (accepted.get(b.package.code) ?? 0) - (accepted.get(a.package.code) ?? 0));
      scores.popular.push(worth(c, showable(c, byPopularity)));
      const byTaste = [...pool].sort((a, b) => acceptance(c, b) - acceptance(c, a));
      scores.oracle.push(worth(c, showable(c, byTaste)));
      scores.unruly.push(worth(c, byTaste.slice(0, 3)));
      // The customer looks at the cards in order and takes the first one they like, if any; the
      // cards after it were shown but never weighed, so the clerk records no answer for them.
      let took = false;
      for (const card of shown) {
        await post(token, RECORD, { input: { cardId: card.id, outcome: 'SHOWN' } });
        if (took) continue;
        const yes = taste.next() < acceptance(c, card);
        took = yes;
        await post(token, RECORD, { input: { cardId: card.id, outcome: yes ? 'ACCEPTED' : 'DECLINED', reason: yes ? null : '暂不需要' } });
        if (yes) accepted.set(card.package.code, (accepted.get(card.package.code) ?? 0) + 1);
        learnt++;
      }
    }
    // The graph reads outcomes each poll interval (250 ms in the test settings): give it two.
    await new Promise((r) => setTimeout(r, 600));
    console.log(
      `${String(round).padStart(5)} | ${pct(mean(scores.graph))} | ${pct(mean(scores.popular))}  | ${pct(mean(scores.oracle))} | ${pct(await panel())}  | ${String(learnt).padStart(15)} | ${pct(mean(scores.unruly))}`,
    );
  }
  console.log(`hard-rule violations: ${broken} in ${shownTotal} cards shown`);
} finally {
  await graph.teardown();
}
