import type { CounterSessionResolvers } from '../__generated__/resolvers-types.js';
import { iso } from './shared.js';

export const CounterSession: CounterSessionResolvers = {
  hall: (s) => s.hall_code,
  staffId: (s) => s.staff_id,
  openedAt: (s) => s.opened_at.toISOString(),
  closedAt: (s) => iso(s.closed_at),
  currentCustomer: (s) => (s.current_msisdn ? { msisdnKey: s.current_msisdn } : null),
  identifiedAt: (s) => iso(s.identified_at),
};
