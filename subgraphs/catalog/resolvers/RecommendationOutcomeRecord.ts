import type { RecommendationOutcomeRecordResolvers } from '../__generated__/resolvers-types.js';

export const RecommendationOutcomeRecord: RecommendationOutcomeRecordResolvers = {
  cardId: (r) => r.row.card_id,
  outcome: (r) => r.row.outcome,
  reason: (r) => r.row.reason,
  customerId: (r) => r.row.customer_id,
  packageCode: (r) => r.row.package_code,
  staffId: (r) => r.row.staff_id,
  recordedAt: (r) => r.row.recorded_at.toISOString(),
  duplicate: (r) => r.duplicate,
};
