/**
 * The hall simulator in one process, for weighing a change to the ranking before taking it to the
 * graph: the same customers, hidden taste, rules, baselines and model as `bench/hall-simulator.ts`,
 * but the recommender is called directly and learns each outcome at once instead of every poll, so
 * a run takes seconds instead of minutes and is deterministic. `--world N` draws another hidden
 * taste (the simulator's is world 0). Prints the simulator's table, and the graph's mean acceptance
 * over the last three rounds, which, unlike the baselines over the graph's pool, does not move with
 * what the graph put in that pool.
 *   npx tsx bench/hall-replica.ts [--world 0] [--one-in N, 0 for none] [--customers 6000] [--rounds 8] [--per-round 200]
 */
import { features } from '../subgraphs/catalog/domain/facts.js';
import { explorationDraws } from '../subgraphs/catalog/domain/learning/exploration.js';
import { AcceptanceModel, DEFAULT_MODEL } from '../subgraphs/catalog/domain/learning/model.js';
import { MODEL_STRUCTURES } from '../subgraphs/catalog/domain/learning/features.js';
import { recommend, type Card } from '../subgraphs/catalog/domain/recommend.js';
import { staffOfHall } from '../lib/org-chart.js';
import type { SeedCustomer } from '../lib/seed/customers.js';
import { numberArg } from './lib/args.js';
import { hallWorld, mean, pct, RoundScores } from './recommendation/hall-world.js';
import { TEST_NOW, TEST_TODAY } from '../test/helpers/graph.js';
import { seededFacts } from '../test/helpers/seeded-recommender.js';

const CUSTOMERS = numberArg('customers', 6000);
const ROUNDS = numberArg('rounds', 8);
const PER_ROUND = numberArg('per-round', 200);
const HOLDOUT = numberArg('holdout', 100);
const WORLD = numberArg('world', 0);
/** Marketing's exploration limit, one card in this many (the rule set's `exploration.oneIn`); 0 never explores. */
const ONE_IN = numberArg('one-in', 0);

const world = hallWorld(CUSTOMERS, WORLD);
const { worth, acceptance, accepted, snapshot, rules } = world;
const holdout = world.zhenjiang.slice(0, HOLDOUT);
const served = world.zhenjiang.slice(HOLDOUT);
if (served.length < ROUNDS * PER_ROUND) throw new Error(`only ${served.length} customers for ${ROUNDS} × ${PER_ROUND}: raise --customers`);
const model = new AcceptanceModel(DEFAULT_MODEL, MODEL_STRUCTURES);
const now = Date.parse(TEST_NOW);
// `--one-in 0` explores nowhere, as a rule set's `scenarios: []` says.
const exploration = !process.argv.includes('--one-in')
  ? rules.exploration
  : ONE_IN > 0
    ? { ...rules.exploration, oneIn: ONE_IN }
    : { ...rules.exploration, scenarios: [] };

/** The cards the graph's resolver would rank, with the same exploration draws (resolvers/Customer.ts). */
function cards(c: SeedCustomer, k: number, limit: number, explore: boolean): Card[] {
  const staff = staffOfHall(c.hallCode, 'clerk');
  return recommend({
    features: features(seededFacts(c, TEST_TODAY), snapshot),
    catalog: snapshot,
    rules,
    scenario: 'COUNTER',
    limit,
    day: TEST_TODAY,
    learned: {
      model,
      context: { hall: c.hallCode, scenario: 'COUNTER', staffId: staff[k % staff.length].staffId },
      now,
      evidence: () => null,
      ...explorationDraws({ customerId: c.id, day: TEST_TODAY, scenario: 'COUNTER', limit, observations: model.observations, exploration, explore }),
    },
  });
}

const panel = () => mean(holdout.map((c, k) => worth(c, cards(c, k, 3, false))));
console.log(`world ${WORLD}: ${served.length} customers to serve, ${ROUNDS} rounds of ${PER_ROUND}, in process`);
console.log(RoundScores.header());
console.log(`    0 |        |         |        | ${pct(panel())}  |`);
const lastRounds: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const scores = new RoundScores();
  for (const [k, c] of served.slice((round - 1) * PER_ROUND, round * PER_ROUND).entries()) {
    const shown = cards(c, k, 3, true);
    scores.add(worth(c, shown), world.baselines(c, cards(c, k, 12, true)));
    let took = false;
    for (const card of shown) {
      if (took) continue;
      took = world.choices.next() < acceptance(c, card);
      if (card.learning) model.learn(card.learning.features, took, now, card.learning.offset);
      if (took) accepted.set(card.package.code, (accepted.get(card.package.code) ?? 0) + 1);
    }
  }
  if (round > ROUNDS - 3) lastRounds.push(scores.graphMean());
  console.log(scores.line(round, panel(), model.observations));
}
console.log(`graph over the last ${lastRounds.length} rounds: ${pct(mean(lastRounds))}`);
