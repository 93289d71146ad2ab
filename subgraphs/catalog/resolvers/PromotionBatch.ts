import type { PromotionBatchResolvers } from '../__generated__/resolvers-types.js';

export const PromotionBatch: PromotionBatchResolvers = {
  validFrom: (b) => b.valid_from,
  validTo: (b) => b.valid_to,
  tiers: (b, _args, ctx) => ctx.loaders.tiers.load(b.code),
};
