import type {
  GiftResolvers,
  PackageConnectionResolvers,
  PromotionBatchResolvers,
  PromotionResolvers,
  PromotionTierResolvers,
} from '../__generated__/resolvers-types.js';

export const Promotion: PromotionResolvers = {
  kind: (p) => p.kind as never,
  families: (p) => p.families as never,
  async batches(p, { currentOnly }, ctx) {
    const batches = await ctx.loaders.batches.load(p.code);
    return currentOnly ? batches.filter((b) => b.valid_from <= ctx.today && ctx.today <= b.valid_to) : batches;
  },
};

export const PromotionBatch: PromotionBatchResolvers = {
  validFrom: (b) => b.valid_from,
  validTo: (b) => b.valid_to,
  tiers: (b, _args, ctx) => ctx.loaders.tiers.load(b.code),
};

export const PromotionTier: PromotionTierResolvers = {
  minMonthlyFee: (t) => t.min_monthly_fee_cents / 100,
  contractMonths: (t) => t.contract_months,
  monthlyDiscount: (t) => t.monthly_discount_cents / 100,
  giftChoices: (t) => t.gift_choices,
  fees: async (t, _args, ctx) => (await ctx.loaders.fees.load(t.code)).map((f) => ({ kind: f.kind, amount: f.amount_cents / 100 })),
  gifts: (t, _args, ctx) => ctx.loaders.gifts.load(t.code),
};

export const Gift: GiftResolvers = {
  value: (g) => g.value_cents / 100,
};

export const PackageConnection: PackageConnectionResolvers = {
  pageInfo: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }),
};
