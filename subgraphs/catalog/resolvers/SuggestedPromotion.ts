import type { SuggestedPromotionResolvers } from '../__generated__/resolvers-types.js';

/** Its fields are the view's own (card-views.ts). */
export const SuggestedPromotion: SuggestedPromotionResolvers = {};
