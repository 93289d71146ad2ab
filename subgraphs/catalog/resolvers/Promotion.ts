import type { PromotionResolvers } from '../__generated__/resolvers-types.js';

export const Promotion: PromotionResolvers = {
  async batches(p, { currentOnly }, ctx) {
    const batches = await ctx.loaders.batches.load(p.code);
    return currentOnly ? batches.filter((b) => b.valid_from <= ctx.today && ctx.today <= b.valid_to) : batches;
  },
};
