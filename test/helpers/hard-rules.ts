import type { CatalogPackage, CatalogSnapshot } from '../../subgraphs/catalog/domain/catalog.js';
import type { CustomerFacts } from '../../subgraphs/catalog/domain/facts.js';
import { features } from '../../subgraphs/catalog/domain/facts.js';
import type { Card } from '../../subgraphs/catalog/domain/recommend.js';
import {
  BASE_FAMILIES,
  FAMILIES,
  type Condition,
  type Family,
  type RuleSetDocument,
  type Scenario,
  type Selector,
} from '../../subgraphs/catalog/domain/rules/model.js';

/**
 * A second, deliberately plain reading of the hard rules, written apart from the recommender:
 * the property test and the quality benchmark count what a list of cards breaks.
 */
export function holds(c: Condition, attrs: Record<string, unknown>): boolean {
  if ('all' in c) return c.all.every((x) => holds(x, attrs));
  if ('any' in c) return c.any.some((x) => holds(x, attrs));
  if ('not' in c) return !holds(c.not, attrs);
  const a = attrs[c.attribute];
  const v = c.value as never;
  const list = a as string[];
  return {
    eq: () => a === v,
    ne: () => a !== v,
    gt: () => (a as number) > v,
    gte: () => (a as number) >= v,
    lt: () => (a as number) < v,
    lte: () => (a as number) <= v,
    between: () => (a as number) >= (v as number[])[0] && (a as number) <= (v as number[])[1],
    in: () => (v as string[]).includes(a as string),
    notIn: () => !(v as string[]).includes(a as string),
    contains: () => list.includes(v),
    notContains: () => !list.includes(v),
    containsAny: () => (v as string[]).some((x) => list.includes(x)),
    containsNone: () => !(v as string[]).some((x) => list.includes(x)),
    isEmpty: () => list.length === 0,
    isNotEmpty: () => list.length > 0,
  }[c.op]();
}

export function matches(s: Selector, p: CatalogPackage): boolean {
  if (s.promotions) return false;
  if (s.packages && !s.packages.includes(p.code)) return false;
  if (s.families && !s.families.includes(p.family)) return false;
  if (s.audiences && !s.audiences.includes(p.audience)) return false;
  if (s.minMonthlyFee !== undefined && p.monthlyFee < s.minMonthlyFee) return false;
  if (s.maxMonthlyFee !== undefined && p.monthlyFee > s.maxMonthlyFee) return false;
  return true;
}

export function violations(
  cards: Pick<Card, 'package'>[],
  doc: RuleSetDocument,
  facts: CustomerFacts,
  snapshot: CatalogSnapshot,
  scenario: Scenario,
  limit: number,
  day: string,
): string[] {
  const f = features(facts, snapshot);
  const attrs = f.attributes as Record<string, unknown>;
  const out: string[] = [];
  if (cards.length > limit) out.push(`more than ${limit} cards`);
  const seen = new Set<string>();
  const perFamily = new Map<Family, number>();
  const scenarioFamilies: readonly Family[] = scenario === 'ADD_ON' ? ['DATA_ADDON', 'VOICE_ADDON', 'RIGHTS'] : FAMILIES;
  for (const card of cards) {
    const p = snapshot.packages.get(card.package.code)!;
    const tag = `${p.code}:`;
    if (seen.has(p.code)) out.push(`${tag} twice`);
    seen.add(p.code);
    if (!p.online) out.push(`${tag} offline`);
    if (p.validFrom > day || (p.validTo !== null && p.validTo < day)) out.push(`${tag} out of its valid period`);
    if (!p.cities.includes(facts.city)) out.push(`${tag} not offered in ${facts.city}`);
    if (!scenarioFamilies.includes(p.family)) out.push(`${tag} family not in scenario`);
    perFamily.set(p.family, (perFamily.get(p.family) ?? 0) + 1);
    for (const r of doc.rules) {
      if (r.kind === 'eligibility' && matches(r.appliesTo, p) && !holds(r.when, attrs)) out.push(`${tag} ineligible by ${r.id}`);
      if (r.kind === 'exclusion' && matches(r.appliesTo, p)) {
        if (r.when && holds(r.when, attrs)) out.push(`${tag} excluded by ${r.id}`);
        if (r.conflictsWith) {
          if (f.heldPackages.some((h) => matches(r.conflictsWith!, h))) out.push(`${tag} conflicts with a holding by ${r.id}`);
          if ((r.conflictsWith.promotions ?? []).some((code) => facts.holdings.some((h) => h.promotionCode === code)))
            out.push(`${tag} conflicts with a held promotion by ${r.id}`);
          if (cards.some((o) => o !== card && matches(r.conflictsWith!, snapshot.packages.get(o.package.code)!)))
            out.push(`${tag} listed with a conflicting offer by ${r.id}`);
        }
      }
      if (r.kind === 'category' && r.scenarios.includes(scenario)) {
        if (r.allow && !r.allow.includes(p.family)) out.push(`${tag} family not allowed by ${r.id}`);
        if (r.deny?.includes(p.family)) out.push(`${tag} family denied by ${r.id}`);
      }
    }
    const current = f.currentBase;
    if (BASE_FAMILIES.includes(p.family) && current && p.monthlyFee < current.monthlyFee) {
      const allowed = doc.rules.some(
        (r) => r.kind === 'downgrade' && holds(r.when, attrs) && (r.maxDecrease === undefined || current.monthlyFee - p.monthlyFee <= r.maxDecrease),
      );
      if (!allowed) out.push(`${tag} downgrade without a rule`);
    }
    if (BASE_FAMILIES.includes(p.family) && current) {
      const used = Math.max(...facts.usage.map((u) => u.dataMb / 1024), 0);
      if (p.dataGb < current.dataGb && p.dataGb < used) out.push(`${tag} less data than the customer has and uses`);
      const otherBroadband = f.heldPackages.some((h) => h !== current && h.broadbandMbps !== null);
      if (current.broadbandMbps !== null && p.broadbandMbps === null && !otherBroadband) out.push(`${tag} drops the customer's broadband`);
    }
  }
  for (const r of doc.rules) {
    if (r.kind !== 'category' || !r.scenarios.includes(scenario)) continue;
    for (const [family, n] of Object.entries(r.maxPerFamily ?? {}))
      if ((perFamily.get(family as Family) ?? 0) > n) out.push(`${family} beyond ${n} by ${r.id}`);
  }
  return out;
}

const URGENCY_LEVEL: Record<string, number> = { RED: 2, YELLOW: 1 };

/**
 * What marketing's renewal rules put first for a customer: each offer mapped from a RED or YELLOW
 * holding, with the most urgent level that maps to it (RED 2, YELLOW 1). The benchmark's baselines
 * take these first, as the graph must.
 */
export function renewalsDue(doc: RuleSetDocument, facts: CustomerFacts, snapshot: CatalogSnapshot): Map<string, number> {
  const due = new Map<string, number>();
  for (const h of facts.holdings) {
    const level = URGENCY_LEVEL[h.expiryLabel] ?? 0;
    if (!level) continue;
    const held = h.packageCode ? snapshot.packages.get(h.packageCode) : undefined;
    for (const r of doc.rules) {
      if (r.kind !== 'renewal') continue;
      const from = r.from;
      const hit = from.promotions ? h.promotionCode !== null && from.promotions.includes(h.promotionCode) : held !== undefined && matches(from, held);
      if (hit) for (const code of r.offer) due.set(code, Math.max(due.get(code) ?? 0, level));
    }
  }
  return due;
}

/**
 * Every offer the hard rules admit for a customer, one at a time, read apart from the recommender:
 * each package that alone breaks no hard rule, and that the customer does not hold already (unless
 * a renewal rule offers it again), with its monthly fee change as the card would show it.
 */
export function eligibleOffers(
  doc: RuleSetDocument,
  facts: CustomerFacts,
  snapshot: CatalogSnapshot,
  scenario: Scenario,
  day: string,
): { package: CatalogPackage; monthlyFeeChange: number }[] {
  const f = features(facts, snapshot);
  const due = renewalsDue(doc, facts, snapshot);
  const out: { package: CatalogPackage; monthlyFeeChange: number }[] = [];
  for (const p of snapshot.packages.values()) {
    if (f.heldCodes.has(p.code) && !due.has(p.code)) continue;
    if (violations([{ package: p }], doc, facts, snapshot, scenario, 1, day).length > 0) continue;
    const base = BASE_FAMILIES.includes(p.family);
    out.push({ package: p, monthlyFeeChange: base ? p.monthlyFee - (f.currentBase?.monthlyFee ?? 0) : p.monthlyFee });
  }
  return out;
}
