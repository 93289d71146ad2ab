import type { RecommendationCardResolvers } from '../__generated__/resolvers-types.js';
import { handleGifts } from './card-views.js';

export const RecommendationCard: RecommendationCardResolvers = {
  rank: (v) => v.card.rank,
  package: (v, _args, ctx) =>
    ctx.loaders.package.load(v.card.package.code).then((row) => {
      if (!row) throw new Error(`package ${v.card.package.code} of the snapshot is missing from the live tables`);
      return row;
    }),
  promotion: (v) => v.suggestion,
  monthlyFeeChange: (v) => v.card.monthlyFeeChange,
  fitScore: (v) => v.card.fitScore,
  reasons: (v) => v.card.reasons,
  requiresApproval: (v) => v.card.requiresApproval,
  handleInput: (v) => ({
    cardId: v.id,
    customerId: v.customerId,
    packageCode: v.card.package.code,
    promotionCode: v.suggestion?.promotionCode ?? null,
    batchCode: v.suggestion?.batchCode ?? null,
    tierCode: v.suggestion?.tier.code ?? null,
    giftCodes: handleGifts(v.suggestion),
  }),
};
