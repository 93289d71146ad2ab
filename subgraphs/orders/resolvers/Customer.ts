import { badUserInput } from '../../../lib/errors.js';
import type { CustomerResolvers } from '../__generated__/resolvers-types.js';

export const Customer: CustomerResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  async orders(c, { first }, ctx) {
    const n = first ?? 10;
    if (!Number.isInteger(n) || n < 0 || n > 100) throw badUserInput(`first must be 0..100, got ${n} / 数量须在0到100之间`, { field: 'first' });
    return (await ctx.loaders.byCustomer.load(c.id)).slice(0, n);
  },
};
