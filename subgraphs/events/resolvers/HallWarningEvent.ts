import type { HallWarningEventResolvers } from '../__generated__/resolvers-types.js';

export const HallWarningEvent: HallWarningEventResolvers = {
  id: (e) => String(e.seq),
  hall: (e) => e.data.hall,
  at: (e) => e.time,
  warningOrder: (e) => ({ __typename: 'WarningOrder', id: e.data.warningOrderId }),
};
