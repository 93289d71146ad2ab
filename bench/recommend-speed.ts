/**
 * Recommendation speed with the full catalogue (575 packages) and 200 rules:
 *   1. in-process: one customer's recommendations, p50/p99;
 *   2. through the gateway on PostgreSQL: 20 concurrent clients asking customer + recommendations;
 *   3. publish → in use: the time from publishRuleSet until each of several catalog instances
 *      on the same database serves the new version.
 *   npx tsx bench/recommend-speed.ts [--customers 20000] [--seconds 15] [--instances 3]
 */
import { INTERNAL_AUDIENCE, INTERNAL_HEADER, signIdentity } from '../lib/auth/tokens.js';
import { fixedClock } from '../lib/clock.js';
import { openPostgres } from '../lib/db/postgres.js';
import { generateCustomer, seedContext } from '../lib/seed/customers.js';
import { catalogReferencesOf } from '../subgraphs/catalog/admin.js';
import type { FastifyInstance } from 'fastify';
import type { Subgraph } from '../lib/subgraph/lifecycle.js';
import type { Db } from '../lib/db/db.js';
import { features, type CustomerFacts } from '../subgraphs/catalog/domain/facts.js';
import { recommend, type LearnedRanking } from '../subgraphs/catalog/domain/recommend.js';
import { compileRules } from '../subgraphs/catalog/domain/rules/compile.js';
import { parseRuleSet } from '../subgraphs/catalog/domain/rules/parse.js';
import { seededFacts, seededSnapshot } from '../test/helpers/seeded-recommender.js';
import { seedCatalogRows } from '../subgraphs/catalog/seed.js';
import { buildCatalogSubgraph } from '../subgraphs/catalog/server.js';
import { MODEL_STRUCTURES } from '../subgraphs/catalog/domain/learning/features.js';
import { AcceptanceModel, DEFAULT_MODEL } from '../subgraphs/catalog/domain/learning/model.js';
import { rngFor } from '../lib/seed/rng.js';
import { postgres } from '../test/helpers/backends.js';
import { startTestGraph, TEST_NOW, TEST_SECRETS, TEST_TODAY } from '../test/helpers/graph.js';
import { numberArg } from './lib/args.js';
import { load, machine, ms, summary } from './lib/stats.js';
import { rules200 } from './recommendation/rules-200.js';

const CUSTOMERS = numberArg('customers', 20_000);
const SECONDS = numberArg('seconds', 15);
const INSTANCES = numberArg('instances', 3);

console.log(`machine: ${machine()}`);
const snapshot = seededSnapshot(TEST_TODAY);
const yaml = rules200(snapshot);
const parsed = parseRuleSet(yaml, catalogReferencesOf(seedCatalogRows(TEST_TODAY)));
if (!parsed.ok) throw new Error(`bench rules invalid: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
console.log(`catalogue: ${snapshot.packages.size} packages, ${snapshot.promotions.length} promotions; rules: ${parsed.document.rules.length}`);

// 1. In-process.
{
  const t0 = performance.now();
  const rules = compileRules({ version: 9, city: 'zhenjiang', effectiveFrom: TEST_NOW, document: parsed.document }, snapshot);
  const compileMs = performance.now() - t0;
  const ctx = seedContext(TEST_TODAY);
  const people: CustomerFacts[] = [];
  for (let i = 0; people.length < 5000; i++) {
    const c = generateCustomer(i, ctx);
    if (c.cityCode === 'zhenjiang') people.push(seededFacts(c, TEST_TODAY));
  }
  const run = (facts: (typeof people)[number]) =>
    recommend({ features: features(facts, snapshot), catalog: snapshot, rules, scenario: 'COUNTER', limit: 3, day: TEST_TODAY });
  for (const f of people.slice(0, 500)) run(f);
  const samples = people.map((f) => {
    const t = performance.now();
    run(f);
    return performance.now() - t;
  });
  const s = summary(samples);
  console.log(
    `in-process: ${s.n} customers, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (compiling 200 rules against the catalogue: ${ms(compileMs)})`,
  );

  // The same with the learnt model: every candidate's features hashed and scored, Thompson draws
  // for the exploratory slot, after 20 000 outcomes learnt.
  const model = new AcceptanceModel(DEFAULT_MODEL, MODEL_STRUCTURES);
  const now = Date.parse(TEST_NOW);
  const draws = rngFor('bench-explore', 0);
  const normal = () => draws.normal();
  const learned = (explore: boolean): LearnedRanking => ({
    model,
    context: { hall: 'zhenjiang-h01', scenario: 'COUNTER', staffId: 'zhenjiang-s002' },
    now,
    evidence: () => ({ shown: 120, accepted: 40 }),
    normal: explore ? normal : null,
    maxExploratory: 1,
  });
  const ranked = (facts: (typeof people)[number], explore: boolean) =>
    recommend({ features: features(facts, snapshot), catalog: snapshot, rules, scenario: 'COUNTER', limit: 3, day: TEST_TODAY, learned: learned(explore) });
  const taste = rngFor('bench-taste', 0);
  const learnStarted = performance.now();
  let outcomes = 0;
  for (let k = 0; outcomes < 20_000; k++)
    for (const card of ranked(people[k % people.length], false)) {
      model.learn(card.learning!.features, taste.next() < 0.3, now, card.learning!.offset);
      outcomes++;
    }
  const perOutcome = (performance.now() - learnStarted) / outcomes;
  for (const f of people.slice(0, 500)) ranked(f, true);
  const learntSamples = people.map((f) => {
    const t = performance.now();
    ranked(f, true);
    return performance.now() - t;
  });
  const l = summary(learntSamples);
  console.log(
    `in-process with the learnt model (20 000 outcomes, Thompson sampling on): p50 ${ms(l.p50)}, p99 ${ms(l.p99)}, max ${ms(l.max)}; ranking and learning ${ms(perOutcome)} per outcome`,
  );
}
if (process.argv.includes('--in-process-only')) process.exit(0);

// 2 and 3 run on a PostgreSQL server.
const graph = await startTestGraph(postgres, { customers: CUSTOMERS });
try {
  const marketing = await graph.token('marketing');
  const clerk = await graph.token('clerk');
  const post = async (token: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
    return body.data!;
  };
  const PUBLISH = `mutation($yaml: String!) { publishRuleSet(input: { yaml: $yaml }) { version } }`;
  await post(marketing, PUBLISH, { yaml });

  const ctx = seedContext(TEST_TODAY);
  const msisdns: string[] = [];
  for (let i = 0; i < CUSTOMERS && msisdns.length < 2000; i++) {
    const c = generateCustomer(i, ctx);
    if (c.cityCode === 'zhenjiang') msisdns.push(c.msisdn);
  }
  const QUERY = `query($m: String!) { customer(msisdn: $m) { id name recommendations(limit: 3) { id rank fitScore package { code name monthlyFee } reasons { text ruleId } handleInput { packageCode tierCode giftCodes } } } }`;
  await load(20, 2, (c, i) => post(clerk, QUERY, { m: msisdns[(c * 97 + i) % msisdns.length] }).then(() => undefined));
  const result = await load(20, SECONDS, (c, i) => post(clerk, QUERY, { m: msisdns[(c * 131 + i * 7) % msisdns.length] }).then(() => undefined));
  const s = summary(result.latencies);
  console.log(
    `through the gateway (PostgreSQL, ${CUSTOMERS} customers, 20 concurrent clients, ${SECONDS} s): ${result.rps.toFixed(0)} req/s, p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, errors ${result.errors}`,
  );

  // 3. Extra catalog instances, each with its own connection pool, as separate servers would have.
  const instances: { app: FastifyInstance; subgraph: Subgraph; db: Db }[] = [];
  for (let k = 0; k < INSTANCES; k++) {
    const db = await openPostgres(graph.databaseUrl!, 2);
    const subgraph = await buildCatalogSubgraph({
      db,
      clock: fixedClock(TEST_NOW),
      internalSecret: TEST_SECRETS.internalSecret,
      bus: graph.bus,
      livePollMs: 250,
      learnPollMs: 1000,
    });
    await subgraph.start();
    instances.push({ app: subgraph.app, subgraph, db });
  }
  const identity = await signIdentity(
    { staffId: 'B1', name: 'bench', hall: 'zhenjiang-h01', city: 'zhenjiang', roles: ['clerk'] },
    TEST_SECRETS.internalSecret,
    INTERNAL_AUDIENCE,
    300,
  );
  const versionOn = async (app: FastifyInstance) => {
    const res = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', [INTERNAL_HEADER]: identity },
      payload: { query: '{ ruleSet { version } }' },
    });
    return (res.json() as { data: { ruleSet: { version: number } } }).data.ruleSet.version;
  };
  const lags: number[] = [];
  for (let round = 0; round < 10; round++) {
    const published = performance.now();
    const { publishRuleSet } = (await post(marketing, PUBLISH, { yaml })) as { publishRuleSet: { version: number } };
    const publishMs = performance.now() - published;
    await Promise.all(
      instances.map(async ({ app }) => {
        while ((await versionOn(app)) !== publishRuleSet.version) await new Promise((r) => setTimeout(r, 2));
        lags.push(performance.now() - published);
      }),
    );
    if (round === 0) console.log(`publishRuleSet (validate 200 rules, store, swap locally) answered in ${ms(publishMs)}`);
  }
  const l = summary(lags);
  console.log(`publish → in use on ${INSTANCES} other instances, 10 publishes: p50 ${ms(l.p50)}, max ${ms(l.max)} (poll interval 250 ms)`);
  for (const { subgraph, db } of instances) {
    await subgraph.stop();
    await db.close();
  }
} finally {
  await graph.teardown();
}
