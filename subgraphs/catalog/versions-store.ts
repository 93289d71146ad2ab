import type { Db } from '../../lib/db/db.js';
import { groupBy } from '../../lib/db/batch.js';
import type { CatalogPackage, CatalogPromotion, CatalogSnapshot } from './domain/catalog.js';
import type { CatalogRows } from './domain/import.js';
import type { Audience, Family } from './domain/rules/model.js';
import type { BatchRow, FeeRow, GiftRow, PackageRow, PromotionRow, TierRow } from './store.js';

export interface CatalogVersionRow {
  version: number;
  source: 'seed' | 'import';
  format: 'seed' | 'json' | 'csv';
  note: string;
  imported_by: string;
  imported_at: Date;
  package_count: number;
  promotion_count: number;
  tier_count: number;
}

const LIVE_TABLES = ['gift', 'tier_fee', 'promotion_tier', 'promotion_batch', 'promotion', 'package'] as const;

/** The live tables as rows, in import order. */
export async function liveRows(db: Db): Promise<CatalogRows> {
  // One after another: inside a transaction they share one connection.
  const packages = await db.query<PackageRow>(`SELECT * FROM catalog.package ORDER BY code`);
  const promotions = await db.query<PromotionRow>(`SELECT * FROM catalog.promotion ORDER BY code`);
  const batches = await db.query<BatchRow>(`SELECT * FROM catalog.promotion_batch ORDER BY promotion_code, valid_from, code`);
  const tiers = await db.query<TierRow>(`SELECT * FROM catalog.promotion_tier ORDER BY batch_code, ordinal`);
  const fees = await db.query<FeeRow>(`SELECT * FROM catalog.tier_fee ORDER BY tier_code, kind`);
  const gifts = await db.query<GiftRow>(`SELECT * FROM catalog.gift ORDER BY tier_code, code`);
  return { packages, promotions, batches, tiers, fees, gifts };
}

/**
 * Writes a validated catalogue as the next version: the version row with its full content, and
 * the live tables replaced, in the caller's transaction so nobody ever reads half of it.
 */
export async function writeCatalogVersion(
  tx: Db,
  rows: CatalogRows,
  meta: { source: 'seed' | 'import'; format: 'seed' | 'json' | 'csv'; note: string; by: string; at: Date },
): Promise<CatalogVersionRow> {
  await tx.exec(`LOCK TABLE catalog.catalog_version IN EXCLUSIVE MODE`);
  const [{ next }] = await tx.query<{ next: number }>(`SELECT coalesce(max(version), 0) + 1 AS next FROM catalog.catalog_version`);
  const [version] = await tx.query<CatalogVersionRow>(
    `INSERT INTO catalog.catalog_version (version, source, format, note, imported_by, imported_at, package_count, promotion_count, tier_count, content)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
     RETURNING version, source, format, note, imported_by, imported_at, package_count, promotion_count, tier_count`,
    [next, meta.source, meta.format, meta.note, meta.by, meta.at, rows.packages.length, rows.promotions.length, rows.tiers.length, JSON.stringify(rows)],
  );
  await tx.exec(`TRUNCATE ${LIVE_TABLES.map((t) => `catalog.${t}`).join(', ')}`);
  await tx.copyRows(
    'catalog.package',
    [
      'code',
      'name',
      'brand',
      'family',
      'audience',
      'monthly_fee_cents',
      'data_gb',
      'voice_minutes',
      'is_5g',
      'broadband_mbps',
      'contract_months',
      'status',
      'valid_from',
      'valid_to',
      'cities',
      'description',
    ],
    rows.packages.map((p) => [
      p.code,
      p.name,
      p.brand,
      p.family,
      p.audience,
      p.monthly_fee_cents,
      p.data_gb,
      p.voice_minutes,
      p.is_5g,
      p.broadband_mbps,
      p.contract_months,
      p.status,
      p.valid_from,
      p.valid_to,
      p.cities,
      p.description,
    ]),
  );
  await tx.copyRows(
    'catalog.promotion',
    ['code', 'name', 'kind', 'description', 'cities', 'families'],
    rows.promotions.map((p) => [p.code, p.name, p.kind, p.description, p.cities, p.families]),
  );
  await tx.copyRows(
    'catalog.promotion_batch',
    ['code', 'promotion_code', 'name', 'valid_from', 'valid_to'],
    rows.batches.map((b) => [b.code, b.promotion_code, b.name, b.valid_from, b.valid_to]),
  );
  await tx.copyRows(
    'catalog.promotion_tier',
    ['code', 'batch_code', 'ordinal', 'name', 'min_monthly_fee_cents', 'contract_months', 'monthly_discount_cents', 'gift_choices'],
    rows.tiers.map((t) => [t.code, t.batch_code, t.ordinal, t.name, t.min_monthly_fee_cents, t.contract_months, t.monthly_discount_cents, t.gift_choices]),
  );
  await tx.copyRows(
    'catalog.tier_fee',
    ['tier_code', 'kind', 'amount_cents'],
    rows.fees.map((f) => [f.tier_code, f.kind, f.amount_cents]),
  );
  await tx.copyRows(
    'catalog.gift',
    ['code', 'tier_code', 'name', 'value_cents', 'stock'],
    rows.gifts.map((g) => [g.code, g.tier_code, g.name, g.value_cents, g.stock]),
  );
  return version;
}

export async function catalogVersions(db: Db, first: number): Promise<CatalogVersionRow[]> {
  return db.query<CatalogVersionRow>(
    `SELECT version, source, format, note, imported_by, imported_at, package_count, promotion_count, tier_count
       FROM catalog.catalog_version ORDER BY version DESC LIMIT $1`,
    [first],
  );
}

export async function catalogVersion(db: Db, version: number): Promise<CatalogVersionRow | null> {
  const rows = await db.query<CatalogVersionRow>(
    `SELECT version, source, format, note, imported_by, imported_at, package_count, promotion_count, tier_count
       FROM catalog.catalog_version WHERE version = $1`,
    [version],
  );
  return rows[0] ?? null;
}

export async function catalogVersionPackages(db: Db, version: number): Promise<PackageRow[]> {
  const rows = await db.query<{ packages: PackageRow[] }>(`SELECT content->'packages' AS packages FROM catalog.catalog_version WHERE version = $1`, [version]);
  return rows[0]?.packages ?? [];
}

export async function currentCatalogVersion(db: Db): Promise<number> {
  const [{ v }] = await db.query<{ v: number }>(`SELECT coalesce(max(version), 0) AS v FROM catalog.catalog_version`);
  return v;
}

/** The recommender's in-memory catalogue, built from the live tables. */
export async function loadSnapshot(db: Db): Promise<CatalogSnapshot> {
  return db.transaction(async (tx) => {
    const version = await currentCatalogVersion(tx);
    return snapshotOf(version, await liveRows(tx));
  });
}

export function snapshotOf(version: number, rows: CatalogRows): CatalogSnapshot {
  const packages = new Map<string, CatalogPackage>();
  for (const p of rows.packages) {
    packages.set(p.code, {
      code: p.code,
      name: p.name,
      family: p.family as Family,
      audience: p.audience as Audience,
      monthlyFee: p.monthly_fee_cents / 100,
      dataGb: p.data_gb,
      voiceMinutes: p.voice_minutes,
      is5g: p.is_5g,
      broadbandMbps: p.broadband_mbps,
      contractMonths: p.contract_months,
      online: p.status === 'ONLINE',
      validFrom: p.valid_from,
      validTo: p.valid_to,
      cities: p.cities,
    });
  }
  const giftsByTier = groupBy(rows.gifts, (g) => g.tier_code);
  const tiersByBatch = groupBy(rows.tiers, (t) => t.batch_code);
  const batchesByPromotion = groupBy(rows.batches, (b) => b.promotion_code);
  const promotions: CatalogPromotion[] = rows.promotions.map((p) => ({
    code: p.code,
    name: p.name,
    kind: p.kind,
    cities: p.cities,
    families: p.families as Family[],
    batches: (batchesByPromotion.get(p.code) ?? []).map((b) => ({
      code: b.code,
      name: b.name,
      validFrom: b.valid_from,
      validTo: b.valid_to,
      tiers: (tiersByBatch.get(b.code) ?? [])
        .sort((x, y) => x.ordinal - y.ordinal)
        .map((t) => ({
          code: t.code,
          name: t.name,
          minMonthlyFee: t.min_monthly_fee_cents / 100,
          contractMonths: t.contract_months,
          monthlyDiscount: t.monthly_discount_cents / 100,
          giftChoices: t.gift_choices,
          gifts: (giftsByTier.get(t.code) ?? []).map((g) => ({ code: g.code, name: g.name, value: g.value_cents / 100, stock: g.stock })),
        })),
    })),
  }));
  return { version, packages, promotions };
}
