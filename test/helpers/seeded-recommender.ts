import type { SeedCustomer } from '../../lib/seed/customers.js';
import { CITIES } from '../../lib/org-chart.js';
import { expiryLabel, isCurrent } from '../../subgraphs/customer-insight/domain/expiry.js';
import { tenureMonths } from '../../subgraphs/customer-insight/domain/tenure.js';
import { catalogReferencesOf } from '../../subgraphs/catalog/admin.js';
import type { CatalogSnapshot } from '../../subgraphs/catalog/domain/catalog.js';
import type { CustomerFacts } from '../../subgraphs/catalog/domain/facts.js';
import { compileRules, type CompiledRules } from '../../subgraphs/catalog/domain/rules/compile.js';
import { parseRuleSet } from '../../subgraphs/catalog/domain/rules/parse.js';
import { defaultRulesYaml, seedCatalogRows } from '../../subgraphs/catalog/seed.js';
import { snapshotOf } from '../../subgraphs/catalog/versions-store.js';

/**
 * The recommender over seeded data without servers or a database, for property tests and
 * benchmarks: the same catalogue, rules and customer facts the running graph would hold.
 */
export function seededSnapshot(day: string): CatalogSnapshot {
  return snapshotOf(1, seedCatalogRows(day));
}

export function defaultRules(city: string, snapshot: CatalogSnapshot, day: string): CompiledRules {
  const name = CITIES.find((c) => c.code === city)?.name ?? city;
  const rows = seedCatalogRows(day);
  const parsed = parseRuleSet(defaultRulesYaml(name), catalogReferencesOf(rows));
  if (!parsed.ok) throw new Error(`default rules invalid: ${parsed.problems[0].message}`);
  return compileRules({ version: 1, city, effectiveFrom: `${day}T00:00:00+08:00`, document: parsed.document }, snapshot);
}

/** What customer insight would send for a seeded customer on a day (the @requires selection). */
export function seededFacts(c: SeedCustomer, day: string): CustomerFacts {
  return {
    id: c.id,
    city: c.cityCode,
    arpu: c.arpuCents / 100,
    tenureMonths: tenureMonths(c.joinedOn, day),
    segment: c.segment,
    tags: c.tags,
    usage: c.usage.map((u) => ({ month: u.month, dataMb: u.dataMb, voiceMinutes: u.voiceMinutes, overageFee: u.overageCents / 100 })),
    holdings: c.holdings
      .filter((h) => isCurrent(h.endDate, day))
      .map((h) => ({
        kind: h.kind,
        packageCode: h.packageCode,
        promotionCode: h.promotionCode,
        tierCode: h.tierCode,
        endDate: h.endDate,
        expiryLabel: expiryLabel(h.endDate, day),
        monthlyFee: h.monthlyFeeCents / 100,
      })),
  };
}
