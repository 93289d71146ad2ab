import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCustomer, seedContext } from '../../lib/seed/customers.js';
import { CITIES } from '../../lib/org-chart.js';
import { features } from '../../subgraphs/catalog/domain/facts.js';
import { recommend } from '../../subgraphs/catalog/domain/recommend.js';
import { compileRules } from '../../subgraphs/catalog/domain/rules/compile.js';
import {
  ATTRIBUTES,
  AUDIENCES,
  FAMILIES,
  SCENARIOS,
  SEGMENTS,
  type Attribute,
  type Condition,
  type Family,
  type Rule,
  type RuleSetDocument,
  type Selector,
} from '../../subgraphs/catalog/domain/rules/model.js';
import { defaultRules, seededFacts, seededSnapshot } from '../helpers/seeded-recommender.js';
import { violations } from '../helpers/hard-rules.js';

/** Hard rules, checked by a second, plain reading of the rule language (helpers/hard-rules.ts). */
const DAY = '2026-11-24';
const ctx = seedContext(DAY);
const snapshot = seededSnapshot(DAY);
const codes = [...snapshot.packages.keys()];
const promotionCodes = snapshot.promotions.map((p) => p.code);
const TAGS = [
  '流量超套',
  '高流量',
  '流量下滑',
  '流量增长',
  '5G终端未开5G套餐',
  '宽带用户',
  '无宽带',
  '视频重度用户',
  '合约即将到期',
  '家庭成员3人',
  '价格敏感',
  '政企客户',
  '携号转网',
  '营销黑名单',
  '欠费停机',
  '申请降档',
];

// ---- generators ---------------------------------------------------------------------------
const subset = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1, maxLength: Math.min(4, xs.length) });
const selector: fc.Arbitrary<Selector> = fc.record(
  {
    packages: fc.subarray(codes, { minLength: 1, maxLength: 30 }),
    families: subset(FAMILIES),
    audiences: subset(AUDIENCES),
    minMonthlyFee: fc.integer({ min: 0, max: 300 }),
    maxMonthlyFee: fc.integer({ min: 50, max: 900 }),
  },
  { requiredKeys: [] },
);
const leaf: fc.Arbitrary<Condition> = fc.constantFrom(...(Object.keys(ATTRIBUTES) as Attribute[])).chain((attribute): fc.Arbitrary<Condition> => {
  const spec = ATTRIBUTES[attribute];
  if (spec.type === 'number') {
    return fc
      .record({ op: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte' as const), value: fc.integer({ min: -1, max: 300 }) })
      .map(({ op, value }) => ({ attribute, op, value }));
  }
  const values: readonly string[] =
    'values' in spec
      ? spec.values
      : attribute === 'segment'
        ? SEGMENTS
        : attribute === 'city'
          ? CITIES.map((c) => c.code)
          : attribute === 'heldPromotions'
            ? promotionCodes.slice(0, 20)
            : attribute.startsWith('held') || attribute === 'currentPackage'
              ? codes.slice(0, 40)
              : TAGS;
  if (spec.type === 'string')
    return fc.record({ op: fc.constantFrom('eq', 'ne' as const), value: fc.constantFrom(...values) }).map(({ op, value }) => ({ attribute, op, value }));
  return fc.oneof(
    fc
      .record({ op: fc.constantFrom('contains', 'notContains' as const), value: fc.constantFrom(...values) })
      .map(({ op, value }) => ({ attribute, op, value })),
    fc
      .record({ op: fc.constantFrom('containsAny', 'containsNone' as const), value: fc.subarray([...values], { minLength: 1, maxLength: 3 }) })
      .map(({ op, value }) => ({ attribute, op, value })),
  );
});
const condition: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 3, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(leaf, { minLength: 1, maxLength: 3 }).map((all) => ({ all })) },
  { weight: 1, arbitrary: fc.array(leaf, { minLength: 1, maxLength: 3 }).map((any) => ({ any })) },
  { weight: 1, arbitrary: leaf.map((not) => ({ not })) },
);
let nextId = 0;
const id = () => `R${++nextId}`;
const rule: fc.Arbitrary<Rule> = fc.oneof(
  fc.record({ appliesTo: selector, when: condition }).map((r) => ({ id: id(), title: 't', kind: 'eligibility' as const, ...r })),
  fc.record({ appliesTo: selector, when: fc.option(condition, { nil: undefined }), conflictsWith: fc.option(selector, { nil: undefined }) }).map((r) => ({
    id: id(),
    title: 't',
    kind: 'exclusion' as const,
    appliesTo: r.appliesTo,
    ...(r.when ? { when: r.when } : {}),
    ...(r.conflictsWith || !r.when ? { conflictsWith: r.conflictsWith ?? { families: ['FAMILY' as Family] } } : {}),
  })),
  fc
    .record({
      scenarios: subset(SCENARIOS),
      allow: fc.option(subset(FAMILIES), { nil: undefined }),
      deny: fc.option(subset(FAMILIES), { nil: undefined }),
      caps: fc.dictionary(fc.constantFrom(...FAMILIES), fc.integer({ min: 0, max: 3 }), { maxKeys: 4 }),
    })
    .map((r) => ({
      id: id(),
      title: 't',
      kind: 'category' as const,
      scenarios: r.scenarios,
      ...(r.allow ? { allow: r.allow } : {}),
      ...(r.deny ? { deny: r.deny } : {}),
      maxPerFamily: r.caps,
    })),
  fc.record({ appliesTo: selector, weight: fc.double({ min: -1, max: 1, noNaN: true }) }).map((r) => ({ id: id(), title: 't', kind: 'boost' as const, ...r })),
  fc.record({ appliesTo: selector }).map((r) => ({ id: id(), title: 't', kind: 'approval' as const, ...r })),
  fc
    .record({ from: selector, offer: fc.subarray(codes, { minLength: 1, maxLength: 4 }) })
    .map((r) => ({ id: id(), title: 't', kind: 'renewal' as const, ...r })),
  fc
    .record({ when: condition, maxDecrease: fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }) })
    .map((r) => ({ id: id(), title: 't', kind: 'downgrade' as const, when: r.when, ...(r.maxDecrease ? { maxDecrease: r.maxDecrease } : {}) })),
);

const customer = fc
  .record({
    index: fc.integer({ min: 0, max: 200_000 }),
    extraTags: fc.subarray(TAGS, { maxLength: 4 }),
  })
  .map(({ index, extraTags }) => {
    const facts = seededFacts(generateCustomer(index, ctx), DAY);
    return { ...facts, tags: [...new Set([...facts.tags, ...extraTags])] };
  });

describe('recommendation hard rules (property)', () => {
  it('never returns an offline, expired, other-city, ineligible, excluded, over-limit or unallowed-downgrade offer', () => {
    fc.assert(
      fc.property(
        customer,
        fc.array(rule, { maxLength: 25 }),
        fc.constantFrom(...SCENARIOS),
        fc.integer({ min: 1, max: 20 }),
        (facts, rules, scenario, limit) => {
          const doc: RuleSetDocument = { name: 'generated', rules };
          const compiled = compileRules({ version: 2, city: facts.city, effectiveFrom: DAY, document: doc }, snapshot);
          const cards = recommend({ features: features(facts, snapshot), catalog: snapshot, rules: compiled, scenario, limit, day: DAY });
          expect(violations(cards, doc, facts, snapshot, scenario, limit, DAY)).toEqual([]);
        },
      ),
      { numRuns: 3000, seed: 20261124 },
    );
  });

  it('keeps the default rules of every city for thousands of seeded customers, and does recommend', () => {
    let total = 0;
    const byCity = new Map(CITIES.map((c) => [c.code, defaultRules(c.code, snapshot, DAY)]));
    for (let i = 0; i < 3000; i++) {
      const facts = seededFacts(generateCustomer(i, ctx), DAY);
      const rules = byCity.get(facts.city)!;
      for (const scenario of SCENARIOS) {
        const cards = recommend({ features: features(facts, snapshot), catalog: snapshot, rules, scenario, limit: 5, day: DAY });
        total += cards.length;
        const doc = { name: rules.name, rules: [...rules.rules] };
        expect(violations(cards, doc, facts, snapshot, scenario, 5, DAY)).toEqual([]);
        // A reason never cites a gap it rounds to nothing ("超出主套餐约0GB").
        for (const card of cards) for (const r of card.reasons) expect(r.text).not.toMatch(/约0(\.0)?GB/);
      }
    }
    // Nearly every customer gets a full list: the filters are not simply refusing everything.
    expect(total).toBeGreaterThan(3000 * 4 * 4);
  });
});
