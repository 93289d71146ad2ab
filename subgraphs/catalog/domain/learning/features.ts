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
const index = (name: string) => hash(name, groupOf(name.slice(0, name.indexOf(':'))));

/**
 * The structures the model chooses among by how well each has predicted (model.ts): every feature,
 * and without either or both of the two crosses that duplicate another at a finer or coarser
 * grain: a hall's taste for a single package (beside its taste for the family) and a segment's for
 * a whole family (beside its taste for each package). Where a city has the outcomes to learn one,
 * it sharpens the ranking; while its cells are sparse, it is noise that takes credit from the
 * cross that carries the taste. The outcomes of each city decide which.
 */
export const MODEL_STRUCTURES: readonly (readonly number[])[] = [[], ['hp'], ['sf'], ['hp', 'sf']].map((left) => left.map(groupOf));

const band = (x: number, edges: readonly number[]) => {
  let k = 0;
  while (k < edges.length && x > edges[k]) k++;
  return k;
};

/**
 * The features of one card for one customer where it is shown. Crosses carry what no single
 * attribute says: a hall's taste for a family, a segment's for a package. The need score of the
 * rule-based ranking is one of them, so the model starts where the heuristic stands.
 */
export function cardFeatures(f: Features, p: CatalogPackage, feeChange: number, need: number, hasPromotion: boolean, ctx: CardContext): number[] {
  const seg = f.facts.segment;
  const fam = p.family;
  const current = f.currentBase;
  const names = [
    `f:${fam}`,
    `p:${p.code}`,
    `sf:${seg}|${fam}`,
    `sp:${seg}|${p.code}`,
    `hf:${ctx.hall ?? '-'}|${fam}`,
    `hp:${ctx.hall ?? '-'}|${p.code}`,
    `cf:${ctx.staffId}|${fam}`,
    `sc:${ctx.scenario}|${fam}`,
    `a:${band(f.facts.arpu, [30, 60, 100, 160, 250])}|${fam}`,
    `fee:${band(feeChange, [-30, -0.01, 0.01, 20, 50, 100])}|${f.facts.tags.includes('价格敏感') ? 's' : 'n'}`,
    `cur:${current?.family ?? '-'}|${fam}`,
    `bb:${f.hasBroadband}|${p.broadbandMbps !== null}`,
    `pr:${hasPromotion}|${fam}`,
    `n:${Math.round(Math.max(0, Math.min(1.5, need)) * 10)}`,
  ];
  if (BASE_FAMILIES.includes(fam) && current) {
    const used = Math.max(f.avgDataGb, f.lastDataGb);
    names.push(`d:${p.dataGb >= used ? (p.dataGb >= used * 2 ? 'ample' : 'covers') : 'short'}|${band(f.avgOverage, [0, 20, 60])}`);
    names.push(`trend:${band(f.dataTrend, [-0.2, 0.2])}|${band(p.dataGb - current.dataGb, [-0.01, 0.01, 20])}`);
  }
  for (const tag of f.facts.tags.slice(0, 8)) names.push(`t:${tag}|${fam}`);
  for (const label of new Set(f.facts.holdings.map((h) => h.expiryLabel))) if (label !== 'GREEN') names.push(`x:${label}|${fam}`);
  return [BIAS, ...new Set(names.map(index))];
}
