import type { Db } from '../../lib/db/db.js';
import { seedContext } from '../../lib/seed/customers.js';
import type { SeedOptions } from '../../lib/subgraph/runtime.js';

export async function seedCatalog(db: Db, { seedDate }: SeedOptions): Promise<void> {
  const { packages, promotions } = seedContext(seedDate);
  await db.copyRows('catalog.package',
    ['code', 'name', 'brand', 'family', 'audience', 'monthly_fee_cents', 'data_gb', 'voice_minutes', 'is_5g', 'broadband_mbps', 'contract_months', 'status', 'valid_from', 'valid_to', 'cities', 'description'],
    packages.map((p) => [p.code, p.name, p.brand, p.family, p.audience, p.monthlyFeeCents, p.dataGb, p.voiceMinutes, p.is5g, p.broadbandMbps, p.contractMonths, p.online ? 'ONLINE' : 'OFFLINE', p.validFrom, p.validTo, p.cities, p.description]));
  await db.copyRows('catalog.promotion', ['code', 'name', 'kind', 'description', 'cities', 'families'],
    promotions.map((p) => [p.code, p.name, p.kind, p.description, p.cities, p.families]));
  const batches = promotions.flatMap((p) => p.batches.map((b) => ({ ...b, promotion: p.code })));
  await db.copyRows('catalog.promotion_batch', ['code', 'promotion_code', 'name', 'valid_from', 'valid_to'],
    batches.map((b) => [b.code, b.promotion, b.name, b.validFrom, b.validTo]));
  const tiers = batches.flatMap((b) => b.tiers.map((t, ordinal) => ({ ...t, batch: b.code, ordinal })));
  await db.copyRows('catalog.promotion_tier', ['code', 'batch_code', 'ordinal', 'name', 'min_monthly_fee_cents', 'contract_months', 'monthly_discount_cents'],
    tiers.map((t) => [t.code, t.batch, t.ordinal, t.name, t.minMonthlyFeeCents, t.contractMonths, t.monthlyDiscountCents]));
  await db.copyRows('catalog.tier_fee', ['tier_code', 'kind', 'amount_cents'], tiers.flatMap((t) => t.fees.map((f) => [t.code, f.kind, f.amountCents])));
  await db.copyRows('catalog.gift', ['code', 'tier_code', 'name', 'value_cents', 'stock'], tiers.flatMap((t) => t.gifts.map((g) => [g.code, t.code, g.name, g.valueCents, g.stock])));
  await db.query(`INSERT INTO catalog.seed_info (seed_date) VALUES ($1)`, [seedDate]);
}

export async function truncateCatalog(db: Db): Promise<void> {
  await db.exec(`TRUNCATE catalog.gift, catalog.tier_fee, catalog.promotion_tier, catalog.promotion_batch, catalog.promotion, catalog.package, catalog.seed_info`);
}

export async function catalogIsEmpty(db: Db): Promise<boolean> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog.seed_info`))[0].n === 0;
}
