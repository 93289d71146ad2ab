import type { HandlingEventResolvers } from '../__generated__/resolvers-types.js';

export const HandlingEvent: HandlingEventResolvers = {
  id: (e) => String(e.seq),
  at: (e) => e.time,
  status: (e) => e.data.status,
  session: (e) => ({ __typename: 'HandlingSession', id: e.data.sessionId }),
};
