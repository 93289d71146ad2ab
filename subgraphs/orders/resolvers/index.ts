import { badUserInput } from '../../../lib/errors.js';
import { DateTimeScalar } from '../../../lib/scalars.js';
import type { CustomerResolvers, OrderResolvers, QueryResolvers } from '../__generated__/resolvers-types.js';

const Query: QueryResolvers = {
  order: (_parent, { id }, ctx) => ctx.store.order(id, ctx.identity.city),
};

const Customer: CustomerResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  async orders(c, { first }, ctx) {
    const n = first ?? 10;
    if (!Number.isInteger(n) || n < 0 || n > 100) throw badUserInput(`first must be 0..100, got ${n} / 数量须在0到100之间`, { field: 'first' });
    return (await ctx.loaders.byCustomer.load(c.id)).slice(0, n);
  },
};

const Order: OrderResolvers = {
  orderNumber: (o) => o.order_number,
  package: (o) => ({ code: o.package_code }),
  hallCode: (o) => o.hall_code,
  staffId: (o) => o.staff_id,
  totalFee: (o) => o.total_fee_cents / 100,
  createdAt: (o) => o.created_at.toISOString(),
  customer: (o) => ({ id: o.customer_id }),
};

export const resolvers = { Query, Customer, Order, DateTime: DateTimeScalar };
