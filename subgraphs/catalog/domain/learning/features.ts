import type { CatalogPackage } from '../catalog.js';
import type { Features } from '../facts.js';
import { BASE_FAMILIES, type Scenario } from '../rules/model.js';
import { BIAS, FEATURE_SPACE, FeatureKind } from './model.js';

/** Where a card is shown: the hall, the scenario and the clerk. */
export interface CardContext {
  hall: string | null;
  scenario: Scenario;
  staffId: string;
}

/** FNV-1a, 32 bit: a stable index for a feature's name, the same on every instance. */
function hash(name: string, group: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return group * FEATURE_SPACE + 1 + ((h >>> 0) % (FEATURE_SPACE - 1));
}

/** Which kind of feature a name is: local tastes (a hall's, a segment's) are expected to vary most. */
const KIND_OF: Record<string, FeatureKind> = {
  hf: FeatureKind.Local,
  hp: FeatureKind.Local,
  sf: FeatureKind.Local,
  sp: FeatureKind.Local,
  cf: FeatureKind.Minor,
  t: FeatureKind.Minor,
  x: FeatureKind.Minor,
};
/**
 * Each prefix is a group of features. Its number is in the index (group × 3 + kind), so the model
 * reads a feature's kind (its prior) and group (which structures read it) without a table. Groups
 * 0–2 are the kinds alone, as cards ranked before groups were numbered carry them: they still learn.
 */
const GROUPS = ['f', 'p', 'sf', 'sp', 'hf', 'hp', 'cf', 'sc', 'a', 'fee', 'cur', 'bb', 'pr', 'n', 'd', 'trend', 't', 'x'];
const groupOf = (prefix: string) => (GROUPS.indexOf(prefix) + 1) * 3 + (KIND_OF[prefix] ?? FeatureKind.Main);
const indices = new Map<string, number>();
/** A name's index, remembered: ranking hashes every eligible card's names, most of them seen before. */
const index = (name: string) => {
  let i = indices.get(name);
  if (i === undefined) {
    // Names include clerks' and halls', so the map is bounded; forgetting only costs a rehash.
    if (indices.size >= 500_000) indices.clear();
    indices.set(name, (i = hash(name, groupOf(name.slice(0, name.indexOf(':'))))));
  }
  return i;
};

/**
 * The groups that say where and to whom a card is shown rather than what the card is: the clerk,
 * the scenario, the ARPU band, the current family, a promotion, the customer's tags and expiry
 * labels, the data trend, broadband. Each is a small cross with the card (its family, or its data
 * or broadband) that a market may or may not have; where it has none, every outcome still gives
 * it a share of the credit.
 */
const CONTEXT = ['cf', 'sc', 'a', 'cur', 'pr', 't', 'x', 'trend', 'bb'];

/**
 * The structures the model chooses among by how well each has predicted (model.ts): every feature;
 * without either or both of the two crosses that duplicate another at a finer or coarser grain (a
 * hall's taste for a single package beside its taste for the family, a segment's for a whole
 * family beside its taste for each package); and the lean one, without both and without the
 * context groups, which reads only the card, the hall's and the segment's tastes, price, fit and
 * need. Where a city has the outcomes to learn a group, it sharpens the ranking; while its cells are
 * sparse, or where it carries no taste, it is noise that takes credit from the groups that do. The
 * outcomes of each city decide which.
 */
export const MODEL_STRUCTURES: readonly (readonly number[])[] = [[], ['hp'], ['sf'], ['hp', 'sf'], ['hp', 'sf', ...CONTEXT]].map((left) => left.map(groupOf));

const band = (x: number, edges: readonly number[]) => {
  let k = 0;
  while (k < edges.length && x > edges[k]) k++;
  return k;
};

/**
 * The features of a customer's cards where they are shown: given the customer and the context, a
 * function of one card. Crosses carry what no single attribute says: a hall's taste for a family,
 * a segment's for a package. The need score of the rule-based ranking is one of them, so the model
 * starts where the heuristic stands. What depends only on the card's family is worked out once per
 * family: a ranking features every eligible card, a hundred or so of a dozen families.
 */
export function cardFeaturesOf(f: Features, ctx: CardContext): (p: CatalogPackage, feeChange: number, need: number, hasPromotion: boolean) => number[] {
  const seg = f.facts.segment;
  const current = f.currentBase;
  const hall = ctx.hall ?? '-';
  const arpu = band(f.facts.arpu, [30, 60, 100, 160, 250]);
  const sensitive = f.facts.tags.includes('价格敏感') ? 's' : 'n';
  const tags = f.facts.tags.slice(0, 8);
  const labels = [...new Set(f.facts.holdings.map((h) => h.expiryLabel))].filter((label) => label !== 'GREEN');
  const used = Math.max(f.avgDataGb, f.lastDataGb);
  const overage = band(f.avgOverage, [0, 20, 60]);
  const trend = band(f.dataTrend, [-0.2, 0.2]);
  const byFamily = new Map<string, number[]>();
  const ofFamily = (fam: string, hasPromotion: boolean): number[] => {
    const key = `${fam}|${hasPromotion}`;
    let ids = byFamily.get(key);
    if (!ids) {
      const names = [
        `f:${fam}`,
        `sf:${seg}|${fam}`,
        `hf:${hall}|${fam}`,
        `cf:${ctx.staffId}|${fam}`,
        `sc:${ctx.scenario}|${fam}`,
        `a:${arpu}|${fam}`,
        `cur:${current?.family ?? '-'}|${fam}`,
        `pr:${hasPromotion}|${fam}`,
        ...tags.map((tag) => `t:${tag}|${fam}`),
        ...labels.map((label) => `x:${label}|${fam}`),
      ];
      byFamily.set(key, (ids = names.map(index)));
    }
    return ids;
  };
  return (p, feeChange, need, hasPromotion) => {
    const names = [
      `p:${p.code}`,
      `sp:${seg}|${p.code}`,
      `hp:${hall}|${p.code}`,
      `fee:${band(feeChange, [-30, -0.01, 0.01, 20, 50, 100])}|${sensitive}`,
      `bb:${f.hasBroadband}|${p.broadbandMbps !== null}`,
      `n:${Math.round(Math.max(0, Math.min(1.5, need)) * 10)}`,
    ];
    if (BASE_FAMILIES.includes(p.family) && current) {
      names.push(`d:${p.dataGb >= used ? (p.dataGb >= used * 2 ? 'ample' : 'covers') : 'short'}|${overage}`);
      names.push(`trend:${trend}|${band(p.dataGb - current.dataGb, [-0.01, 0.01, 20])}`);
    }
    return [BIAS, ...new Set([...ofFamily(p.family, hasPromotion), ...names.map(index)])];
  };
}
