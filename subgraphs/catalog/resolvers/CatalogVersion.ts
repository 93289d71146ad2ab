import type { CatalogVersionResolvers } from '../__generated__/resolvers-types.js';

export const CatalogVersion: CatalogVersionResolvers = {
  source: (v) => (v.source === 'seed' ? 'SEED' : 'IMPORT'),
  importedBy: (v) => v.imported_by,
  importedAt: (v) => v.imported_at.toISOString(),
  packageCount: (v) => v.package_count,
  promotionCount: (v) => v.promotion_count,
  tierCount: (v) => v.tier_count,
  current: (v, _args, ctx) => v.version === ctx.live.catalog.version,
  async packages(v, { family }, ctx) {
    const rows = await ctx.store.versions.packages(v.version);
    return rows.filter((p) => (!family || p.family === family) && p.cities.includes(ctx.identity.city)).sort((a, b) => (a.code < b.code ? -1 : 1));
  },
};
