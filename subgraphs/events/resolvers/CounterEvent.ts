import type { CounterEventResolvers } from '../__generated__/resolvers-types.js';

export const CounterEvent: CounterEventResolvers = {
  id: (e) => String(e.seq),
  kind: (e) => e.data.kind,
  counter: (e) => e.data.counter,
  hall: (e) => e.data.hall,
  at: (e) => e.time,
  staffId: (e) => e.data.staffId,
  source: (e) => e.data.source,
  customer: (e) => (e.data.msisdnKey ? { __typename: 'Customer', msisdnKey: e.data.msisdnKey } : null),
};
