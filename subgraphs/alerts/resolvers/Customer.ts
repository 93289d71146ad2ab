import type { CustomerResolvers, WarningStatus } from '../__generated__/resolvers-types.js';
import { OPEN_STATUSES } from '../domain/types.js';

export const Customer: CustomerResolvers = {
  __resolveReference: (ref) => ({ msisdnKey: ref.msisdnKey }),
  warningOrders: (c, { statuses }, ctx) => ctx.loaders.byCustomer.load({ msisdn: c.msisdnKey, statuses: (statuses ?? OPEN_STATUSES) as WarningStatus[] }),
  activeWarningCount: async (c, _args, ctx) => (await ctx.loaders.byCustomer.load({ msisdn: c.msisdnKey, statuses: OPEN_STATUSES })).length,
};
