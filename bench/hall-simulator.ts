/**
 * Halls as they would drive the graph: rounds of distinct customers, each served by a clerk of the
 * customer's own hall over HTTP, shown the graph's top 3 and accepting or declining each card by a
 * hidden taste the recommender cannot read (offsets per hall × package family and per segment ×
 * package, beside price and fit). Outcomes go back through recordRecommendationOutcome, as a
 * counter screen would send them. Per round it prints the expected acceptance (chance the customer
 * takes one of three cards) of:
 *   graph    the cards the graph showed;
 *   popular  "most accepted so far": the graph's 12 best cards re-ranked by acceptances recorded;
 *   oracle   the best 3 of those cards by the hidden taste;
 * both baselines take their 3 as the graph must: the renewals marketing's rules put first lead,
 * and no set of cards breaks a hard rule (a category limit such as at most one FAMILY card, two
 * offers that exclude each other), the next card in their order taking the place; the oracle that
 * ignores those rules is printed beside, and both baselines again over every offer the hard rules
 * admit for the customer (read apart from the graph, `eligibleOffers`), where the graph's 12 no
 * longer choose for them which card of a family competes;
 *   holdout  the graph's top 3 for a fixed panel, queried after every round and never recorded.
 * and the hard-rule violations of every card shown (must be 0).
 *   npx tsx bench/hall-simulator.ts [--customers 6000] [--rounds 8] [--per-round 200]
 */
import { tokenFor } from '../lib/auth/staff-token.js';
import { staffOfHall } from '../lib/org-chart.js';
import type { SeedCustomer } from '../lib/seed/customers.js';
import { numberArg } from './lib/args.js';
import { machine } from './lib/stats.js';
import { hallWorld, mean, pct, RoundScores, type Offer } from './recommendation/hall-world.js';
import { pglite } from '../test/helpers/backends.js';
import { startTestGraph, TEST_SECRETS } from '../test/helpers/graph.js';

const CUSTOMERS = numberArg('customers', 6000);
const ROUNDS = numberArg('rounds', 8);
const PER_ROUND = numberArg('per-round', 200);
const HOLDOUT = numberArg('holdout', 100);
const POOL = 12;

interface Shown extends Offer {
  id: string;
}

const QUERY = `query($m: String!, $limit: Int) { customer(msisdn: $m) { recommendations(scenario: COUNTER, limit: $limit) {
  id package { code family monthlyFee dataGb } monthlyFeeChange } } }`;
const RECORD = `mutation($input: RecommendationOutcomeInput!) { recordRecommendationOutcome(input: $input) { duplicate } }`;

console.log(`machine: ${machine()}`);
const world = hallWorld(CUSTOMERS);
const { worth, acceptance, accepted } = world;
const holdout = world.zhenjiang.slice(0, HOLDOUT);
const served = world.zhenjiang.slice(HOLDOUT);
if (served.length < ROUNDS * PER_ROUND) throw new Error(`only ${served.length} customers for ${ROUNDS} × ${PER_ROUND}: raise --customers`);

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
  let broken = 0;
  let shownTotal = 0;
  const panel = async () => mean(await Promise.all(holdout.map(async (c, k) => worth(c, await cards(c, await clerkOf(c, k), 3)))));
  console.log(
    `${served.length} customers to serve, ${HOLDOUT} in the holdout panel, ${ROUNDS} rounds of ${PER_ROUND}; hidden taste: hall × family sd 1.2, segment × package sd 0.8`,
  );
  console.log(RoundScores.header());
  console.log(`    0 |        |         |        | ${pct(await panel())}  |`);
  let learnt = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const batch = served.slice((round - 1) * PER_ROUND, round * PER_ROUND);
    const scores = new RoundScores();
    for (const [k, c] of batch.entries()) {
      const token = await clerkOf(c, k);
      const [shown, pool] = await Promise.all([cards(c, token, 3), cards(c, token, POOL)]);
      shownTotal += shown.length;
      broken += world.violationsOf(c, shown);
      scores.add(worth(c, shown), world.baselines(c, pool));
      // The customer looks at the cards in order and takes the first one they like, if any; the
      // cards after it were shown but never weighed, so the clerk records no answer for them.
      let took = false;
      for (const card of shown) {
        await post(token, RECORD, { input: { cardId: card.id, outcome: 'SHOWN' } });
        if (took) continue;
        const yes = world.choices.next() < acceptance(c, card);
        took = yes;
        await post(token, RECORD, { input: { cardId: card.id, outcome: yes ? 'ACCEPTED' : 'DECLINED', reason: yes ? null : '暂不需要' } });
        if (yes) accepted.set(card.package.code, (accepted.get(card.package.code) ?? 0) + 1);
        learnt++;
      }
    }
    // The graph reads outcomes each poll interval (250 ms in the test settings): give it two.
    await new Promise((r) => setTimeout(r, 600));
    console.log(scores.line(round, await panel(), learnt));
  }
  console.log(`hard-rule violations: ${broken} in ${shownTotal} cards shown`);
} finally {
  await graph.teardown();
}
