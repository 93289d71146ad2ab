import type { OrderResolvers } from '../__generated__/resolvers-types.js';

export const Order: OrderResolvers = {
  orderNumber: (o) => o.order_number,
  package: (o) => ({ code: o.package_code }),
  hallCode: (o) => o.hall_code,
  staffId: (o) => o.staff_id,
  totalFee: (o) => o.total_fee_cents / 100,
  crmOrderId: (o) => o.crm_order_id ?? null,
  failureReason: (o) => o.failure_reason ?? null,
  cardId: (o) => o.card_id ?? null,
  createdAt: (o) => o.created_at.toISOString(),
  customer: (o) => ({ id: o.customer_id }),
};
