import { halfWidth } from '../../../lib/halfwidth.js';
import { badUserInput } from '../../../lib/errors.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

const MAX_PAGE = 100;

export const Query: QueryResolvers = {
  package: (_parent, { code }, ctx) => ctx.loaders.package.load(halfWidth(code).trim()),
  async packages(_parent, { filter, first, after }, ctx) {
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE)
      throw badUserInput(`first must be 0..${MAX_PAGE}, got ${size} / 每页数量须在0到${MAX_PAGE}之间`, { field: 'first' });
    const yuan = (v: number | null | undefined, field: string) => {
      if (v == null) return null;
      if (!Number.isFinite(v) || v < 0) throw badUserInput(`${field} must be a non-negative amount in yuan / 金额须为非负数`, { field });
      return Math.round(v * 100);
    };
    let cursor: string | null = null;
    if (after) {
      cursor = Buffer.from(after, 'base64url').toString('utf8');
      if (!cursor.startsWith('pkg:')) throw badUserInput('after is not a cursor from this list / 分页游标无效', { field: 'after' });
      cursor = cursor.slice(4);
    }
    const page = await ctx.store.packages({
      city: ctx.identity.city,
      family: filter?.family,
      status: filter && 'status' in filter ? filter.status : 'ONLINE',
      minFeeCents: yuan(filter?.minMonthlyFee, 'filter.minMonthlyFee'),
      maxFeeCents: yuan(filter?.maxMonthlyFee, 'filter.maxMonthlyFee'),
      is5g: filter?.is5g,
      search: filter?.search?.trim() || null,
      after: cursor,
      first: size,
    });
    return { ...page, endCursor: page.endCursor ? Buffer.from(`pkg:${page.endCursor}`).toString('base64url') : null };
  },
  async promotion(_parent, { code }, ctx) {
    const row = await ctx.store.promotion(code);
    return row?.cities.includes(ctx.identity.city) ? row : null;
  },
};
