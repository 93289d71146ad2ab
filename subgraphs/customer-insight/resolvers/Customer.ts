import { can } from '../../../lib/auth/identity.js';
import { maskIdNumber, maskMsisdn } from '../../../lib/mask.js';
import type { CustomerResolvers, ExpiryLabel } from '../__generated__/resolvers-types.js';
import { byEndDate, expiryLabel } from '../domain/expiry.js';
import { tenureMonths } from '../domain/tenure.js';
import { visibleCustomer } from './access.js';

export const Customer: CustomerResolvers = {
  __resolveReference: async (ref, ctx) =>
    visibleCustomer(await ('id' in ref ? ctx.loaders.customer.load(ref.id) : ctx.loaders.customerByMsisdn.load(ref.msisdnKey)), ctx),
  msisdnKey: (c) => c.msisdn,
  msisdn: (c, _args, ctx) => (can(ctx.identity, 'pii:unmasked') ? c.msisdn : maskMsisdn(c.msisdn)),
  idNumber: (c, _args, ctx) => (can(ctx.identity, 'pii:unmasked') ? c.id_number : maskIdNumber(c.id_number)),
  city: async (c, _args, ctx) => (await ctx.loaders.city.load(c.city_code)) ?? { code: c.city_code, name: c.city_code },
  hall: (c, _args, ctx) => (c.hall_code ? ctx.loaders.hall.load(c.hall_code) : null),
  joinedOn: (c) => c.joined_on,
  tenureMonths: (c, _args, ctx) => tenureMonths(c.joined_on, ctx.today),
  arpu: (c) => c.arpu_cents / 100,
  usage: (c, _args, ctx) => ctx.loaders.usage.load(c.id),
  currentPackage: (c) => (c.current_package_code ? { code: c.current_package_code } : null),
  async holdings(c, { labels }, ctx) {
    const rows = await ctx.loaders.holdings.load(c.id);
    const wanted = labels && labels.length > 0 ? new Set<ExpiryLabel>(labels) : null;
    return rows.filter((h) => !wanted || wanted.has(expiryLabel(h.end_date, ctx.today))).sort(byEndDate);
  },
};
