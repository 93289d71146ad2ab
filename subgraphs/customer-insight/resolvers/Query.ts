import { badUserInput } from '../../../lib/errors.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { checkMsisdn } from '../../../lib/msisdn.js';
import { visibleCustomer } from './access.js';

export const Query: QueryResolvers = {
  async customer(_parent, { msisdn }, ctx) {
    const check = checkMsisdn(msisdn);
    if (!check.ok) throw badUserInput(check.reason, { field: 'msisdn' });
    return visibleCustomer(await ctx.store.customerByMsisdn(check.msisdn), ctx);
  },
  customerById: async (_parent, { id }, ctx) => visibleCustomer(await ctx.loaders.customer.load(id), ctx),
  halls: (_parent, _args, ctx) => ctx.store.hallsOfCity(ctx.identity.city),
};
