import type { PromotionTierResolvers } from '../__generated__/resolvers-types.js';

export const PromotionTier: PromotionTierResolvers = {
  minMonthlyFee: (t) => t.min_monthly_fee_cents / 100,
  contractMonths: (t) => t.contract_months,
  monthlyDiscount: (t) => t.monthly_discount_cents / 100,
  giftChoices: (t) => t.gift_choices,
  fees: async (t, _args, ctx) => (await ctx.loaders.fees.load(t.code)).map((f) => ({ kind: f.kind, amount: f.amount_cents / 100 })),
  gifts: (t, _args, ctx) => ctx.loaders.gifts.load(t.code),
};
