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
