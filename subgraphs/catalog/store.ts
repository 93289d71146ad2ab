import DataLoader from 'dataloader';
import { rowsPerKey } from '../../lib/db/batch.js';
import type { Audience, Family } from '../../lib/catalog-families.js';
import type { Db } from '../../lib/db/db.js';
import type { PromotionKind } from './domain/import.js';
import { importCatalog, publish, saveDraft, validateRules } from './admin.js';
import { conversion, recordOutcome } from './outcomes-store.js';
import { ruleSet, ruleSets } from './rules-store.js';
import { armCounts, type ArmCounts, endExperiment, experiments, startExperiment } from './experiments-store.js';
import { catalogVersion, catalogVersionPackages, catalogVersions } from './versions-store.js';

export const DB_SCHEMA = 'catalog';

export interface PackageRow {
  code: string;
  name: string;
  brand: string;
  family: Family;
  audience: Audience;
  monthly_fee_cents: number;
  data_gb: number;
  voice_minutes: number;
  is_5g: boolean;
  broadband_mbps: number | null;
  contract_months: number;
  status: 'ONLINE' | 'OFFLINE';
  valid_from: string;
  valid_to: string | null;
  cities: string[];
  description: string;
}

export interface PromotionRow {
  code: string;
  name: string;
  kind: PromotionKind;
  description: string;
  cities: string[];
  families: Family[];
}

export interface BatchRow {
  code: string;
  promotion_code: string;
  name: string;
  valid_from: string;
  valid_to: string;
}

export interface TierRow {
  code: string;
  batch_code: string;
  ordinal: number;
  name: string;
  min_monthly_fee_cents: number;
  contract_months: number;
  monthly_discount_cents: number;
  /** How many of the tier's gifts one customer may choose. */
  gift_choices: number;
}

export interface FeeRow {
  tier_code: string;
  kind: 'PREPAYMENT' | 'DEPOSIT' | 'ONE_TIME';
  amount_cents: number;
}

export interface GiftRow {
  code: string;
  tier_code: string;
  name: string;
  value_cents: number;
  stock: number;
}

export interface PackageQuery {
  city: string;
  family?: string | null;
  status?: 'ONLINE' | 'OFFLINE' | null;
  minFeeCents?: number | null;
  maxFeeCents?: number | null;
  is5g?: boolean | null;
  search?: string | null;
  after?: string | null;
  first: number;
}

export interface PackagePage {
  totalCount: number;
  nodes: PackageRow[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * The catalog subgraph's one store: packages and promotions here, catalogue versions, rule sets and
 * recommendation outcomes from their own modules, all bound to the subgraph's database.
 */
export function createStore(db: Db) {
  const bound =
    <A extends unknown[], R>(f: (db: Db, ...args: A) => R) =>
    (...args: A) =>
      f(db, ...args);
  /**
   * Package rows and a city's running promotions change only with a new catalogue version (and the
   * day), and every card, holding and order names packages: kept across requests, per version,
   * instead of a query per request. Rows are shared, so resolvers only read them.
   */
  const shared = { version: -1, packages: new Map<string, PackageRow | null>(), promotions: new Map<string, PromotionRow[]>() };
  const sharedFor = (version: number) => {
    if (shared.version !== version) {
      shared.version = version;
      shared.packages.clear();
      shared.promotions.clear();
    }
    return shared;
  };
  return {
    versions: { list: bound(catalogVersions), get: bound(catalogVersion), packages: bound(catalogVersionPackages), import: bound(importCatalog) },
    rules: { get: bound(ruleSet), list: bound(ruleSets), validate: bound(validateRules), saveDraft: bound(saveDraft), publish: bound(publish) },
    outcomes: { record: bound(recordOutcome), conversion: bound(conversion) },
    experiments: { start: bound(startExperiment), end: bound(endExperiment), list: bound(experiments) },
    /** Keyset pagination by code: stable under concurrent inserts, no OFFSET scans. */
    async packages(q: PackageQuery): Promise<PackagePage> {
      const where: string[] = ['$1 = ANY(cities)'];
      const params: unknown[] = [q.city];
      const add = (sql: string, value: unknown) => {
        params.push(value);
        where.push(sql.replace('?', `$${params.length}`));
      };
      if (q.family) add('family = ?', q.family);
      if (q.status) add('status = ?', q.status);
      if (q.minFeeCents != null) add('monthly_fee_cents >= ?', q.minFeeCents);
      if (q.maxFeeCents != null) add('monthly_fee_cents <= ?', q.maxFeeCents);
      if (q.is5g != null) add('is_5g = ?', q.is5g);
      if (q.search) add(`name LIKE '%' || ? || '%'`, q.search);
      const filter = where.join(' AND ');
      const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog.package WHERE ${filter}`, params);
      const pageParams = [...params];
      let pageFilter = filter;
      if (q.after) {
        pageParams.push(q.after);
        pageFilter += ` AND code > $${pageParams.length}`;
      }
      pageParams.push(q.first + 1);
      const rows = await db.query<PackageRow>(`SELECT * FROM catalog.package WHERE ${pageFilter} ORDER BY code LIMIT $${pageParams.length}`, pageParams);
      const nodes = rows.slice(0, q.first);
      return { totalCount: n, nodes, hasNextPage: rows.length > q.first, endCursor: nodes.at(-1)?.code ?? null };
    },
    async promotion(code: string): Promise<PromotionRow | null> {
      return (await db.query<PromotionRow>(`SELECT * FROM catalog.promotion WHERE code = $1`, [code]))[0] ?? null;
    },
    /** Per-request loaders; packages and promotions come from the cache of the catalogue version in force. */
    loaders(city: string, today: string, catalogVersion: number) {
      const cache = sharedFor(catalogVersion);
      return {
        /** Both arms' figures for each experiment a request lists: one statement for the list. */
        experimentArms: new DataLoader<string, ArmCounts[]>(async (ids) => {
          const counts = await armCounts(db, city, ids);
          return ids.map((id) => counts.get(id) ?? []);
        }),
        package: new DataLoader<string, PackageRow | null>(async (codes) => {
          const key = (c: string) => `${city}\n${c}`;
          const missing = codes.filter((c) => !cache.packages.has(key(c)));
          const found = new Map<string, PackageRow>();
          if (missing.length > 0) {
            const rows = await db.query<PackageRow>(`SELECT * FROM catalog.package WHERE code = ANY($1::text[]) AND $2 = ANY(cities)`, [missing, city]);
            for (const r of rows) found.set(r.code, r);
            // A version swapped in meanwhile has its own cache: these rows are not for it.
            if (cache.version === catalogVersion) for (const c of missing) cache.packages.set(key(c), found.get(c) ?? null);
          }
          return codes.map((c) => found.get(c) ?? cache.packages.get(key(c)) ?? null);
        }),
        /** Promotions of the caller's city with a batch running today, by package family. */
        currentPromotionsByFamily: new DataLoader<string, PromotionRow[]>(async (families) => {
          const key = (f: string) => `${city}\n${today}\n${f}`;
          if (families.every((f) => cache.promotions.has(key(f)))) return families.map((f) => cache.promotions.get(key(f))!);
          const rows = await db.query<PromotionRow & { family: string }>(
            `SELECT DISTINCT p.*, f.family FROM catalog.promotion p
               CROSS JOIN LATERAL unnest(p.families) AS f(family)
               JOIN catalog.promotion_batch b ON b.promotion_code = p.code
              WHERE f.family = ANY($1::text[]) AND $2 = ANY(p.cities) AND $3::date BETWEEN b.valid_from AND b.valid_to
              ORDER BY p.code`,
            [families, city, today],
          );
          const perFamily = rowsPerKey(families, rows, (r) => r.family);
          if (cache.version === catalogVersion)
            families.forEach((f, i) => {
              cache.promotions.set(key(f), perFamily[i]);
            });
          return perFamily;
        }),
        batches: new DataLoader<string, BatchRow[]>(async (codes) =>
          rowsPerKey(
            codes,
            await db.query<BatchRow>(`SELECT * FROM catalog.promotion_batch WHERE promotion_code = ANY($1::text[]) ORDER BY valid_from, code`, [codes]),
            (r) => r.promotion_code,
          ),
        ),
        tiers: new DataLoader<string, TierRow[]>(async (codes) =>
          rowsPerKey(
            codes,
            await db.query<TierRow>(`SELECT * FROM catalog.promotion_tier WHERE batch_code = ANY($1::text[]) ORDER BY ordinal`, [codes]),
            (r) => r.batch_code,
          ),
        ),
        fees: new DataLoader<string, FeeRow[]>(async (codes) =>
          rowsPerKey(
            codes,
            await db.query<FeeRow>(`SELECT * FROM catalog.tier_fee WHERE tier_code = ANY($1::text[]) ORDER BY kind`, [codes]),
            (r) => r.tier_code,
          ),
        ),
        gifts: new DataLoader<string, GiftRow[]>(async (codes) =>
          rowsPerKey(codes, await db.query<GiftRow>(`SELECT * FROM catalog.gift WHERE tier_code = ANY($1::text[]) ORDER BY code`, [codes]), (r) => r.tier_code),
        ),
      };
    },
  };
}

export type Store = ReturnType<typeof createStore>;
export type Loaders = ReturnType<Store['loaders']>;
