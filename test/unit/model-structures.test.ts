import { describe, expect, it } from 'vitest';
import { generateCustomer, seedContext } from '../../lib/seed/customers.js';
import { rngFor } from '../../lib/seed/rng.js';
import { features, type Features } from '../../subgraphs/catalog/domain/facts.js';
import { cardFeaturesOf, MODEL_STRUCTURES } from '../../subgraphs/catalog/domain/learning/features.js';
import { AcceptanceModel, DEFAULT_MODEL, phi } from '../../subgraphs/catalog/domain/learning/model.js';
import { TEST_TODAY } from '../helpers/graph.js';
import { seededFacts, seededSnapshot } from '../helpers/seeded-recommender.js';

/**
 * The structures over the real features of seeded customers' cards: which one ranks after a few
 * thousand outcomes depends on what the outcomes carry, not on a setting.
 */
const snapshot = seededSnapshot(TEST_TODAY);
const ctx = seedContext(TEST_TODAY);
const customers = Array.from({ length: 600 }, (_, i) => generateCustomer(i, ctx))
  .filter((c) => c.cityCode === 'zhenjiang')
  .map((c) => ({ hall: c.hallCode, f: features(seededFacts(c, TEST_TODAY), snapshot) }));
const families = [...new Set([...snapshot.packages.values()].map((p) => p.family))].slice(0, 4);
const packages = families.flatMap((fam) => [...snapshot.packages.values()].filter((p) => p.family === fam).slice(0, 3));
const LEAN = MODEL_STRUCTURES.at(-1)!;
const T0 = Date.UTC(2026, 10, 1);

/** Which groups the ranking structure leaves out after `n` outcomes in a world with these tastes. */
function learnt(taste: (f: Features, family: string) => number, n = 4000): readonly number[] {
  const r = rngFor('model-structures', 0);
  const offsets = new Map<string, number>();
  const hallTaste = (key: string) => {
    let v = offsets.get(key);
    if (v === undefined) offsets.set(key, (v = rngFor(`model-structures|${key}`, 0).normal()));
    return v;
  };
  const model = new AcceptanceModel(DEFAULT_MODEL, MODEL_STRUCTURES);
  for (let k = 0; k < n; k++) {
    const { hall, f } = customers[Math.floor(r.next() * customers.length)];
    const p = packages[Math.floor(r.next() * packages.length)];
    const ids = cardFeaturesOf(f, { hall, scenario: 'COUNTER', staffId: `${hall}-clerk` })(p, 0, 0.5, false);
    const p1 = phi(-0.8 + 0.7 * hallTaste(`${hall}|${p.family}`) + taste(f, p.family));
    model.learn(ids, r.next() < p1, T0);
  }
  return model.leftOut;
}

describe('the model’s structures over real card features', () => {
  it('reads only the card and the local tastes where nothing about the context matters', () => {
    expect(new Set(learnt(() => 0))).toEqual(new Set(LEAN));
  });

  it('keeps reading the context where it carries taste', () => {
    // Customers on a 5G plan take the first family and leave the second: what their current
    // family says, which only a context group (the current family × the card's) reads.
    const onFiveG = (f: Features, family: string) =>
      f.currentBase?.family === 'FIVE_G' ? (family === families[0] ? 1.2 : family === families[1] ? -1.2 : 0) : 0;
    expect(customers.filter(({ f }) => f.currentBase?.family === 'FIVE_G').length).toBeGreaterThan(50);
    const left = learnt(onFiveG);
    expect(new Set(left)).not.toEqual(new Set(LEAN));
    expect(MODEL_STRUCTURES.slice(0, -1).map((s) => [...s].sort().join())).toContain([...left].sort().join());
  });
});
