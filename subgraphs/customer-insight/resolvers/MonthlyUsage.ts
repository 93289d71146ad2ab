import type { MonthlyUsageResolvers } from '../__generated__/resolvers-types.js';

export const MonthlyUsage: MonthlyUsageResolvers = {
  dataMb: (u) => u.data_mb,
  voiceMinutes: (u) => u.voice_minutes,
  smsCount: (u) => u.sms_count,
  overageFee: (u) => u.overage_cents / 100,
};
