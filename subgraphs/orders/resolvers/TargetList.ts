import { maskMsisdn } from '../../../lib/mask.js';
import type { TargetListResolvers } from '../__generated__/resolvers-types.js';

export const TargetList: TargetListResolvers = {
  rows: (l) => l.rows.map((r) => ({ index: r.index, msisdn: r.msisdn ? maskMsisdn(r.msisdn) : null, status: r.status, reason: r.reason })),
};
