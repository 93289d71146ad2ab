import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../lib/config.js';
import type { Db } from '../../lib/db/db.js';
import { seedContext } from '../../lib/seed/customers.js';
import { CITIES } from '../../lib/org-chart.js';
import type { SeedOptions } from '../../lib/subgraph/runtime.js';
import { catalogReferencesOf } from './admin.js';
import type { CatalogRows } from './domain/import.js';
import { parseRuleSet } from './domain/rules/parse.js';
import { insertRuleSet } from './rules-store.js';
import { writeCatalogVersion } from './versions-store.js';

export const DEFAULT_RULES_FILE = join(PROJECT_ROOT, 'subgraphs', 'catalog', 'rules', 'default.yaml');

/** The seeded catalogue in the shape an import produces. */
export function seedCatalogRows(seedDate: string): CatalogRows {
  const { packages, promotions } = seedContext(seedDate);
  const batches = promotions.flatMap((p) => p.batches.map((b) => ({ ...b, promotion: p.code })));
  const tiers = batches.flatMap((b) => b.tiers.map((t, ordinal) => ({ ...t, batch: b.code, ordinal })));
  return {
    packages: packages.map((p) => ({
      code: p.code,
      name: p.name,
      brand: p.brand,
      family: p.family,
      audience: p.audience,
      monthly_fee_cents: p.monthlyFeeCents,
      data_gb: p.dataGb,
      voice_minutes: p.voiceMinutes,
      is_5g: p.is5g,
      broadband_mbps: p.broadbandMbps,
      contract_months: p.contractMonths,
      status: p.online ? 'ONLINE' : 'OFFLINE',
      valid_from: p.validFrom,
      valid_to: p.validTo,
      cities: p.cities,
      description: p.description,
    })),
    promotions: promotions.map((p) => ({ code: p.code, name: p.name, kind: p.kind, description: p.description, cities: p.cities, families: p.families })),
    batches: batches.map((b) => ({ code: b.code, promotion_code: b.promotion, name: b.name, valid_from: b.validFrom, valid_to: b.validTo })),
    tiers: tiers.map((t) => ({
      code: t.code,
      batch_code: t.batch,
      ordinal: t.ordinal,
      name: t.name,
      min_monthly_fee_cents: t.minMonthlyFeeCents,
      contract_months: t.contractMonths,
      monthly_discount_cents: t.monthlyDiscountCents,
      gift_choices: t.giftChoices,
    })),
    fees: tiers.flatMap((t) => t.fees.map((f) => ({ tier_code: t.code, kind: f.kind, amount_cents: f.amountCents }))),
    gifts: tiers.flatMap((t) => t.gifts.map((g) => ({ code: g.code, tier_code: t.code, name: g.name, value_cents: g.valueCents, stock: g.stock }))),
  };
}

/** The default rules, one published version per city, written the way marketing would write them. */
export function defaultRulesYaml(cityName: string): string {
  return readFileSync(DEFAULT_RULES_FILE, 'utf8').replaceAll('{{city}}', cityName);
}

export async function seedCatalog(db: Db, { seedDate }: SeedOptions): Promise<void> {
  const rows = seedCatalogRows(seedDate);
  // Seeded data takes effect at the start of the seed day, Beijing time.
  const at = new Date(`${seedDate}T00:00:00+08:00`);
  await writeCatalogVersion(db, rows, { source: 'seed', format: 'seed', note: '种子数据 / seed data', by: 'seed', at });
  const refs = catalogReferencesOf(rows);
  for (const city of CITIES) {
    const yaml = defaultRulesYaml(city.name);
    const parsed = parseRuleSet(yaml, refs);
    if (!parsed.ok) throw new Error(`default rules are invalid: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
    await insertRuleSet(db, {
      city: city.code,
      name: parsed.document.name,
      yaml,
      document: parsed.document,
      note: '种子数据 / seed data',
      by: 'seed',
      at,
      effectiveFrom: at,
    });
  }
  await db.query(`INSERT INTO catalog.seed_info (seed_date) VALUES ($1)`, [seedDate]);
}

export async function truncateCatalog(db: Db): Promise<void> {
  await db.exec(`TRUNCATE catalog.gift, catalog.tier_fee, catalog.promotion_tier, catalog.promotion_batch, catalog.promotion, catalog.package,
    catalog.catalog_version, catalog.rule_experiment, catalog.rule_set, catalog.recommendation_event, catalog.seed_info`);
}

export async function catalogIsEmpty(db: Db): Promise<boolean> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog.seed_info`))[0].n === 0;
}
