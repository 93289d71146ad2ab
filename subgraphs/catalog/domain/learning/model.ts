/**
 * Acceptance of a card as a Bayesian probit regression over hashed features, learnt online by
 * assumed-density filtering: the model of Graepel et al., "Web-Scale Bayesian Click-Through Rate
 * Prediction" (AdPredictor, ICML 2010). Each weight is a Gaussian (mean, variance); an outcome
 * updates the weights of the card's features in closed form, so learning is one pass over the
 * outcome log, costs microseconds per outcome and never blocks a ranking. Written here because no
 * npm package fits: ml-logistic-regression and ml-xgboost train point estimates in batches (no
 * posterior to sample or to say how sure it is), @tensorflow/tfjs-node is a 300 MB native runtime
 * for what is forty lines of arithmetic.
 *
 * - The posterior predictive P(accept) = Φ(μ/√(β²+Σσ²)) is the card's calibrated fitScore.
 * - Thompson sampling draws a weight vector from the posterior for exploration.
 * - Old evidence decays: a weight drifts back toward its prior with a half-life, so a changed
 *   market is learnt again.
 * - A new package shares its family's, segment's and hall's features: it starts from them, not zero.
 * - Which groups of features to read is itself learnt: several structures learn side by side and
 *   the one that has predicted best ranks (AcceptanceModel, below).
 */

/**
 * Features come in kinds, each with its own prior variance: main effects (family, package, price,
 * fit), local tastes (a hall's or a segment's for a family or a package), which the field research
 * says vary most, and minor ones (a clerk's, a tag's, an expiry label's), which should move little.
 */
export const FeatureKind = { Main: 0, Local: 1, Minor: 2 } as const;
export type FeatureKind = (typeof FeatureKind)[keyof typeof FeatureKind];
/** Hashed indices per kind: 2^18, so collisions are rare among the few thousand a city's cards use. */
export const FEATURE_SPACE = 1 << 18;

export interface ModelSettings {
  /** Noise of the probit link: the spread a perfect feature set still leaves. */
  beta: number;
  /** Prior variance of one weight, by its kind. */
  priorVariance: Record<FeatureKind, number>;
  /** Prior mean of the bias weight: the acceptance a card has before any evidence (probit scale). */
  biasPriorMean: number;
  /** Half-life of evidence, in days. */
  halfLifeDays: number;
  /**
   * The posterior's spread a Thompson draw uses, as a share of its standard deviation. Each card's
   * variance is the sum over twenty-odd features, most of them still at their prior, so the exact
   * posterior makes almost every draw a coin toss; a narrower one explores where the model is
   * least sure and costs less. Chapelle and Li ("An Empirical Evaluation of Thompson Sampling",
   * NIPS 2011) report narrowed draws doing better on display ads; 0.25 is the best the hall
   * replica (`bench/hall-replica.ts`) found, within its noise.
   */
  samplingScale: number;
}

export const DEFAULT_MODEL: ModelSettings = {
  beta: 1,
  priorVariance: { [FeatureKind.Main]: 0.1, [FeatureKind.Local]: 0.4, [FeatureKind.Minor]: 0.02 },
  biasPriorMean: -1.28,
  halfLifeDays: 30,
  samplingScale: 0.25,
};

/** Feature 0 is the bias: every card has it. */
export const BIAS = 0;

interface Weight {
  m: number;
  v: number;
  /** When the weight was last written, in ms. */
  at: number;
}

const DAY_MS = 86_400_000;

/** The weights of one structure of the model (which groups of features it reads), learnt by ADF. */
class Posterior {
  private readonly weights = new Map<number, Weight>();
  /** Prequential log-loss: what its predictions cost before each outcome was learnt, decayed. */
  loss = 0;
  private lossAt = 0;

  constructor(
    private readonly settings: ModelSettings,
    /** Groups of features this structure leaves out. */
    readonly without: ReadonlySet<number>,
  ) {}

  private prior(i: number): Weight {
    const kind = (Math.floor(i / FEATURE_SPACE) % 3) as FeatureKind;
    return { m: i === BIAS ? this.settings.biasPriorMean : 0, v: this.settings.priorVariance[kind] ?? this.settings.priorVariance[FeatureKind.Main], at: 0 };
  }

  private reads(i: number): boolean {
    return this.without.size === 0 || !this.without.has(Math.floor(i / FEATURE_SPACE));
  }

  /** The weight as of `now`: its evidence decayed toward the prior. */
  private weight(i: number, now: number): Weight {
    const w = this.weights.get(i);
    const prior = this.prior(i);
    if (!w) return prior;
    const keep = w.at === 0 ? 1 : this.keep(now - w.at);
    return { m: prior.m + (w.m - prior.m) * keep, v: prior.v + (w.v - prior.v) * keep, at: now };
  }

  private keep(ms: number): number {
    return 0.5 ** (Math.max(0, ms) / (this.settings.halfLifeDays * DAY_MS));
  }

  score(features: readonly number[], now: number, offset: number): { mean: number; variance: number } {
    let mean = offset;
    let variance = 0;
    // The weights inline (what weight() does, without an object per feature): ranking scores
    // every eligible card's twenty-odd features.
    for (const i of features) {
      if (!this.reads(i)) continue;
      const kind = (Math.floor(i / FEATURE_SPACE) % 3) as FeatureKind;
      const m0 = i === BIAS ? this.settings.biasPriorMean : 0;
      const v0 = this.settings.priorVariance[kind] ?? this.settings.priorVariance[FeatureKind.Main];
      const w = this.weights.get(i);
      if (!w) {
        mean += m0;
        variance += v0;
        continue;
      }
      const keep = w.at === 0 || w.at === now ? 1 : this.keep(now - w.at);
      mean += m0 + (w.m - m0) * keep;
      variance += v0 + (w.v - v0) * keep;
    }
    return { mean, variance };
  }

  learn(features: readonly number[], accepted: boolean, now: number, offset: number, strength: number): void {
    const y = accepted ? 1 : -1;
    const read = features.filter((i) => this.reads(i));
    const current = read.map((i) => this.weight(i, now));
    const total = this.settings.beta ** 2 + current.reduce((s, w) => s + w.v, 0);
    const sd = Math.sqrt(total);
    const t = (y * (offset + current.reduce((s, w) => s + w.m, 0))) / sd;
    const p = phi(t);
    this.loss = this.loss * (this.lossAt === 0 ? 1 : this.keep(now - this.lossAt)) - strength * Math.log(Math.max(p, 1e-12));
    this.lossAt = now;
    const vt = density(t) / Math.max(p, 1e-12);
    const wt = vt * (vt + t);
    read.forEach((i, k) => {
      const w = current[k];
      this.weights.set(i, { m: w.m + strength * ((y * w.v) / sd) * vt, v: w.v * Math.max(1e-6, 1 - strength * (w.v / total) * wt), at: now });
    });
  }
}

/**
 * The model, over several structures at once: each reads its own subset of the feature groups
 * (say, with and without a hall's taste for a single package), all learn every outcome, and the
 * one whose predictions have cost least so far ranks (prequential model selection, Dawid 1984:
 * the summed log-loss of predictions made before each outcome is the log marginal likelihood).
 * A cross whose cells are too sparse to learn only adds noise to a card's score and takes credit
 * from the crosses that carry the taste; whether it is worth reading is for the outcomes to say,
 * city by city, and the answer can change as outcomes accumulate.
 */
export class AcceptanceModel {
  private readonly structures: Posterior[];
  private best: Posterior;
  /** Outcomes learnt from, for reports. */
  observations = 0;

  constructor(
    readonly settings: ModelSettings = DEFAULT_MODEL,
    /** The structures to choose among, each as the feature groups it leaves out; the first is the default. */
    structures: readonly (readonly number[])[] = [[]],
  ) {
    this.structures = structures.map((without) => new Posterior(settings, new Set(without)));
    this.best = this.structures[0];
  }

  /** The groups the structure that ranks leaves out. */
  get leftOut(): readonly number[] {
    return [...this.best.without];
  }

  /**
   * Posterior mean and variance of the score: the sum of the card's weights plus `offset`, a fixed
   * prior for the card (the rule-based need score), so an unlearnt model ranks as the rules do.
   */
  score(features: readonly number[], now: number, offset = 0): { mean: number; variance: number } {
    return this.best.score(features, now, offset);
  }

  /** The calibrated probability of acceptance. */
  predict(features: readonly number[], now: number, offset = 0): number {
    return this.estimate(features, now, offset).acceptance;
  }

  /** The posterior mean score (what orders cards) and the calibrated acceptance, in one pass. */
  estimate(features: readonly number[], now: number, offset = 0): { mean: number; acceptance: number } {
    const { mean, variance } = this.score(features, now, offset);
    return { mean, acceptance: phi(mean / Math.sqrt(this.settings.beta ** 2 + variance)) };
  }

  /** One draw of the score from the posterior (Thompson sampling), on the probability scale. */
  sample(features: readonly number[], now: number, normal: () => number, offset = 0): number {
    const { mean, variance } = this.score(features, now, offset);
    return phi((mean + Math.sqrt(variance) * this.settings.samplingScale * normal()) / this.settings.beta);
  }

  /**
   * Learns one outcome: accepted or not. `strength` below 1 damps the update (each weight moves
   * that share of the way, and is that much less sure), for evidence weaker than a yes or a no: a
   * deferral. Damping rather than a wider noise: in a probit, a wider noise moves an unlikely
   * card's score further on a no, not less.
   */
  learn(features: readonly number[], accepted: boolean, now: number, offset = 0, strength = 1): void {
    for (const s of this.structures) s.learn(features, accepted, now, offset, strength);
    // Ties keep the earlier structure: the default until the outcomes say otherwise.
    this.best = this.structures.reduce((b, s) => (s.loss < b.loss ? s : b));
    this.observations++;
  }
}

/** Standard normal density. */
function density(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal distribution function (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
