import { DateTimeScalar } from '../../../lib/scalars.js';
import type { CustomerResolvers, QueryResolvers, WarningOrderResolvers } from '../__generated__/resolvers-types.js';

const OPEN = ['NEW', 'DELIVERED', 'ACKNOWLEDGED'] as const;

const Query: QueryResolvers = {
  warningOrder: (_parent, { id }, ctx) => ctx.store.warningOrder(id, ctx.identity.city),
};

const Customer: CustomerResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  warningOrders: (c, { statuses }, ctx) => ctx.loaders.byCustomer.load({ customerId: c.id, statuses: statuses ?? OPEN }),
  activeWarningCount: async (c, _args, ctx) => (await ctx.loaders.byCustomer.load({ customerId: c.id, statuses: OPEN })).length,
};

const WarningOrder: WarningOrderResolvers = {
  externalId: (w) => w.external_id,
  type: (w) => w.type as never,
  issuedAt: (w) => w.issued_at.toISOString(),
  dueDate: (w) => w.due_date,
  customer: (w) => ({ id: w.customer_id }),
};

export const resolvers = { Query, Customer, WarningOrder, DateTime: DateTimeScalar };
