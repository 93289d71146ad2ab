import type { HoldingResolvers } from '../__generated__/resolvers-types.js';
import { daysLeft, expiryLabel } from '../domain/expiry.js';

export const Holding: HoldingResolvers = {
  package: (h) => (h.package_code ? { code: h.package_code } : null),
  promotionCode: (h) => h.promotion_code,
  tierCode: (h) => h.tier_code,
  startDate: (h) => h.start_date,
  endDate: (h) => h.end_date,
  daysLeft: (h, _args, ctx) => daysLeft(h.end_date, ctx.today),
  expiryLabel: (h, _args, ctx) => expiryLabel(h.end_date, ctx.today),
  monthlyFee: (h) => h.monthly_fee_cents / 100,
};
