import { can } from '../../../lib/auth/identity.js';
import { badUserInput } from '../../../lib/errors.js';
import { importCatalog } from '../admin.js';
import { catalogVersion, catalogVersionPackages, catalogVersions } from '../versions-store.js';
import type { CatalogVersionResolvers, MutationResolvers, QueryResolvers } from '../__generated__/resolvers-types.js';
import { requireMarketing } from './rules.js';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export const versionQueries: Pick<QueryResolvers, 'catalogVersions' | 'catalogVersion'> = {
  catalogVersions(_p, { first }, ctx) {
    const n = first ?? 20;
    if (!Number.isInteger(n) || n < 1 || n > 100) throw badUserInput(`first must be 1..100, got ${n} / 数量须在1到100之间`, { field: 'first' });
    return catalogVersions(ctx.db, n);
  },
  catalogVersion: (_p, { version }, ctx) => catalogVersion(ctx.db, version),
};

export const versionMutations: Pick<MutationResolvers, 'importCatalog'> = {
  async importCatalog(_p, { input }, ctx) {
    requireMarketing(ctx, '导入产品目录');
    const size = [input.json, input.packagesCsv, input.promotionsCsv].reduce((s, x) => s + (x ? Buffer.byteLength(x) : 0), 0);
    if (size > MAX_IMPORT_BYTES) throw badUserInput(`导入内容超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB / the import is too large`, { field: 'input' });
    const result = await importCatalog(
      ctx.db,
      input,
      { staffId: ctx.identity.staffId, city: ctx.identity.city, province: can(ctx.identity, 'catalog:province') },
      ctx.clock.now(),
    );
    if (result.version) {
      await ctx.liveCatalog.refresh();
      ctx.live = ctx.liveCatalog.current;
    }
    return result;
  },
};

export const CatalogVersion: CatalogVersionResolvers = {
  source: (v) => (v.source === 'seed' ? 'SEED' : 'IMPORT'),
  importedBy: (v) => v.imported_by,
  importedAt: (v) => v.imported_at.toISOString(),
  packageCount: (v) => v.package_count,
  promotionCount: (v) => v.promotion_count,
  tierCount: (v) => v.tier_count,
  current: (v, _args, ctx) => v.version === ctx.live.catalog.version,
  async packages(v, { family }, ctx) {
    const rows = await catalogVersionPackages(ctx.db, v.version);
    return rows.filter((p) => (!family || p.family === family) && p.cities.includes(ctx.identity.city)).sort((a, b) => (a.code < b.code ? -1 : 1));
  },
};
