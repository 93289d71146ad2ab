/**
 * Recommendation quality: top-1 and top-3 hit rate of the recommender against two baselines on a
 * labelled synthetic set, plus hard-rule violations (must be 0).
 *   npx tsx bench/recommend-quality.ts [--customers 4000]
 */
import { features } from '../subgraphs/catalog/domain/facts.js';
import { recommend } from '../subgraphs/catalog/domain/recommend.js';
import { defaultRules, seededSnapshot } from '../test/helpers/seeded-recommender.js';
import { violations } from '../test/helpers/hard-rules.js';
import { numberArg } from './lib/args.js';
import { labelledSet } from './recommendation/labelled-set.js';

const DAY = '2026-11-24';
const n = numberArg('customers', 4000);

const snapshot = seededSnapshot(DAY);
const rules = defaultRules('zhenjiang', snapshot, DAY);
const doc = { name: rules.name, rules: [...rules.rules] };
const started = performance.now();
const set = labelledSet(snapshot, DAY, n);
// Popularity is learnt on the first half and judged on the second, as a baseline would be in production.
const train = set.slice(0, set.length / 2);
const test = set.slice(set.length / 2);
const popularity = new Map<string, number>();
for (const x of train) popularity.set(x.accepted, (popularity.get(x.accepted) ?? 0) + 1);

type Facts = (typeof test)[number]['facts'];
type Method = (facts: Facts) => string[];
/** Every package the rules let a clerk offer this customer, in no particular order (category limits apart). */
const eligible = (facts: Facts) =>
  recommend({ features: features(facts, snapshot), catalog: snapshot, rules: { ...rules, category: [] }, scenario: 'COUNTER', limit: 1000, day: DAY }).map(
    (c) => c.package,
  );
/** A baseline's top 3 in its own order, skipping what would break a category limit or a conflict. */
const legalTop3 = (facts: Facts, ordered: string[]) => {
  const list: string[] = [];
  for (const code of ordered) {
    if (list.length === 3) break;
    const next = [...list, code].map((c) => ({ package: snapshot.packages.get(c)! }));
    if (violations(next, doc, facts, snapshot, 'COUNTER', 3, DAY).length === 0) list.push(code);
  }
  return list;
};

const methods: [string, Method][] = [
  [
    'recommender (rules + ranking)',
    (facts) => recommend({ features: features(facts, snapshot), catalog: snapshot, rules, scenario: 'COUNTER', limit: 3, day: DAY }).map((c) => c.package.code),
  ],
  [
    'baseline: most popular eligible',
    (facts) =>
      legalTop3(
        facts,
        eligible(facts)
          .sort((a, b) => (popularity.get(b.code) ?? 0) - (popularity.get(a.code) ?? 0) || (a.code < b.code ? -1 : 1))
          .map((p) => p.code),
      ),
  ],
  [
    'baseline: next tier up',
    (facts) => {
      const current = features(facts, snapshot).currentBase;
      const ladder = eligible(facts)
        .filter(
          (p) =>
            current &&
            p.family === current.family &&
            p.monthlyFee > current.monthlyFee &&
            p.audience === current.audience &&
            p.contractMonths === current.contractMonths,
        )
        .sort((a, b) => a.monthlyFee - b.monthlyFee)
        .map((p) => p.code);
      return legalTop3(facts, ladder);
    },
  ],
];

console.log(
  `labelled set: ${set.length} Zhenjiang customers who accepted an offer (${train.length} to learn popularity, ${test.length} judged); ${snapshot.packages.size} packages, ${rules.rules.length} rules; built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
console.log('');
console.log('| method | top-1 hit | top-3 hit | rule violations |');
console.log('|---|---:|---:|---:|');
for (const [name, method] of methods) {
  let top1 = 0;
  let top3 = 0;
  let broken = 0;
  for (const x of test) {
    const list = method(x.facts);
    if (list[0] === x.accepted) top1++;
    if (list.slice(0, 3).includes(x.accepted)) top3++;
    broken += violations(
      list.map((code) => ({ package: snapshot.packages.get(code)! })),
      doc,
      x.facts,
      snapshot,
      'COUNTER',
      3,
      DAY,
    ).length;
  }
  const pct = (k: number) => `${((100 * k) / test.length).toFixed(1)}%`;
  console.log(`| ${name} | ${pct(top1)} | ${pct(top3)} | ${broken} |`);
}
