import type { PackageResolvers } from '../__generated__/resolvers-types.js';

export const Package: PackageResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.package.load(ref.code),
  monthlyFee: (p) => p.monthly_fee_cents / 100,
  dataGb: (p) => p.data_gb,
  voiceMinutes: (p) => p.voice_minutes,
  is5g: (p) => p.is_5g,
  broadbandMbps: (p) => p.broadband_mbps,
  contractMonths: (p) => p.contract_months,
  validFrom: (p) => p.valid_from,
  validTo: (p) => p.valid_to,
  promotions: (p, _args, ctx) => ctx.loaders.currentPromotionsByFamily.load(p.family),
};
