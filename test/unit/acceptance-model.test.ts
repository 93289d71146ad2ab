import { describe, expect, it } from 'vitest';
import { AcceptanceModel, BIAS, DEFAULT_MODEL, FEATURE_SPACE, FeatureKind, phi } from '../../subgraphs/catalog/domain/learning/model.js';
import { rngFor } from '../../lib/seed/rng.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);

/** A hidden world: acceptance depends on the hall's taste for a family, which no attribute shows. */
const HALLS = ['h1', 'h2'];
const FAMILIES = ['A', 'B', 'C'];
const TASTE: Record<string, number> = { 'h1|A': 0.45, 'h1|B': 0.1, 'h1|C': 0.2, 'h2|A': 0.08, 'h2|B': 0.4, 'h2|C': 0.2 };
const featuresOf = (hall: string, family: string) => [BIAS, 10 + FAMILIES.indexOf(family), 100 + HALLS.indexOf(hall) * 10 + FAMILIES.indexOf(family)];

function trained(n: number, at = T0) {
  const model = new AcceptanceModel();
  const r = rngFor('acceptance-model-test', 0);
  for (let k = 0; k < n; k++) {
    const hall = HALLS[k % 2];
    const family = FAMILIES[Math.floor(r.next() * 3)];
    model.learn(featuresOf(hall, family), r.next() < TASTE[`${hall}|${family}`], at);
  }
  return model;
}

/** The inverse of phi, by bisection: precise enough to read a draw back on the probit scale. */
function probit(p: number): number {
  let lo = -8;
  let hi = 8;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (phi(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('the acceptance model', () => {
  it('starts at its prior: every card alike, at the base acceptance', () => {
    const model = new AcceptanceModel();
    const p = model.predict(featuresOf('h1', 'A'), T0);
    expect(p).toBeCloseTo(phi(DEFAULT_MODEL.biasPriorMean / Math.sqrt(1 + 3 * DEFAULT_MODEL.priorVariance[FeatureKind.Main])), 6);
    expect(model.predict(featuresOf('h2', 'C'), T0)).toBeCloseTo(p, 9);
  });

  it('learns less from a deferral than from a decline, and nothing at strength 0+', () => {
    const start = new AcceptanceModel().predict(featuresOf('h1', 'A'), T0);
    const taught = (strength: number) => {
      const model = new AcceptanceModel();
      for (let k = 0; k < 5; k++) model.learn(featuresOf('h1', 'A'), false, T0, 0, strength);
      return model.predict(featuresOf('h1', 'A'), T0);
    };
    expect(taught(1)).toBeLessThan(taught(0.3));
    expect(taught(0.3)).toBeLessThan(start);
    expect(taught(1e-9)).toBeCloseTo(start, 6);
  });

  it('learns each hall’s taste from outcomes alone, and ranks by it', () => {
    const model = trained(6000);
    for (const hall of HALLS) {
      const ranked = [...FAMILIES].sort((a, b) => model.predict(featuresOf(hall, b), T0) - model.predict(featuresOf(hall, a), T0));
      const truth = [...FAMILIES].sort((a, b) => TASTE[`${hall}|${b}`] - TASTE[`${hall}|${a}`]);
      expect(ranked).toEqual(truth);
    }
  });

  it('is calibrated: its estimate is the acceptance seen, within a few points', () => {
    const model = trained(6000);
    for (const key of Object.keys(TASTE)) {
      const [hall, family] = key.split('|');
      expect(Math.abs(model.predict(featuresOf(hall, family), T0) - TASTE[key])).toBeLessThan(0.05);
    }
  });

  it('forgets: evidence decays toward the prior with its half-life', () => {
    const model = trained(6000);
    const f = featuresOf('h1', 'A');
    const prior = new AcceptanceModel().predict(f, T0);
    const now = model.predict(f, T0);
    const later = model.predict(f, T0 + DEFAULT_MODEL.halfLifeDays * DAY);
    const much = model.predict(f, T0 + 20 * DEFAULT_MODEL.halfLifeDays * DAY);
    expect(Math.abs(later - prior)).toBeLessThan(Math.abs(now - prior));
    expect(Math.abs(later - prior)).toBeGreaterThan(0);
    expect(much).toBeCloseTo(prior, 3);
  });

  it('samples around its estimate, widely when unsure and narrowly when sure', () => {
    const r = rngFor('thompson', 0);
    const normal = () => r.normal();
    const spread = (m: AcceptanceModel) => {
      const xs = Array.from({ length: 2000 }, () => m.sample(featuresOf('h1', 'A'), T0, normal));
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    };
    expect(spread(trained(6000))).toBeLessThan(spread(new AcceptanceModel()) / 2);
  });

  it('draws from a posterior narrowed by its sampling scale, around the same centre', () => {
    const scores = (scale: number) => {
      const m = new AcceptanceModel({ ...DEFAULT_MODEL, samplingScale: scale });
      const r = rngFor('thompson-scale', 0);
      const normal = () => r.normal();
      // Back on the probit scale, where the draw is the mean plus scale × sd × a normal.
      const zs = Array.from({ length: 4000 }, () => m.sample(featuresOf('h1', 'A'), T0, normal)).map(probit);
      const mean = zs.reduce((s, z) => s + z, 0) / zs.length;
      return { mean, sd: Math.sqrt(zs.reduce((s, z) => s + (z - mean) ** 2, 0) / zs.length) };
    };
    const exact = scores(1);
    const narrow = scores(0.25);
    expect(narrow.sd / exact.sd).toBeCloseTo(0.25, 1);
    expect(narrow.mean).toBeCloseTo(exact.mean, 1);
  });

  describe('chooses among structures by how well each predicted', () => {
    // Two local crosses (groups 4 and 7, both of the local kind): a hall's taste for a family, and
    // a hall's for one item of it. A structure leaving the second out is [7].
    const HF = 4 * FEATURE_SPACE;
    const HI = 7 * FEATURE_SPACE;
    const ITEMS = 40;
    const world = (itemTaste: boolean) => {
      const taste = rngFor(`structure-taste|${itemTaste}`, 0);
      const offsets = Array.from({ length: 2 * 3 * ITEMS }, () => (itemTaste ? taste.normal() * 1.2 : 0));
      const model = new AcceptanceModel(DEFAULT_MODEL, [[], [7]]);
      const r = rngFor(`structure-outcomes|${itemTaste}`, 0);
      const ranked: string[] = [];
      for (let k = 0; k < 4000; k++) {
        const hall = k % 2;
        const family = Math.floor(r.next() * 3);
        const item = family * ITEMS + Math.floor(r.next() * ITEMS);
        const features = [BIAS, HF + 1 + hall * 3 + family, HI + 1 + hall * 3 * ITEMS + item];
        const p = phi(-1 + (TASTE[`h${hall + 1}|${FAMILIES[family]}`] - 0.2) * 3 + offsets[hall * 3 * ITEMS + item]);
        model.learn(features, r.next() < p, T0);
        if (k % 1000 === 999) ranked.push(model.leftOut.join(','));
      }
      return ranked;
    };

    it('leaves out a cross that only adds noise', () => {
      expect(world(false).at(-1)).toBe('7');
    });

    it('keeps a cross that carries taste', () => {
      expect(world(true)).toEqual(['', '', '', '']);
    });
  });

  it('starts with the first structure and keeps it on a tie', () => {
    const model = new AcceptanceModel(DEFAULT_MODEL, [[7], []]);
    expect(model.leftOut).toEqual([7]);
    // A card without the group it leaves out: both structures predict it alike.
    model.learn([BIAS, 10], true, T0);
    expect(model.leftOut).toEqual([7]);
  });
});
