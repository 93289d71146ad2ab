import type { Db } from '../../lib/db/db.js';
import { generateCustomer, generatePastOrders, seedContext } from '../../lib/seed/customers.js';
import type { SeedOptions } from '../../lib/subgraph/runtime.js';

const BATCH = 10_000;

export async function seedOrders(db: Db, { customers, seedDate, onProgress }: SeedOptions): Promise<void> {
  const ctx = seedContext(seedDate);
  for (let start = 0; start < customers; start += BATCH) {
    const orders = [];
    for (let i = start; i < Math.min(customers, start + BATCH); i++) orders.push(...generatePastOrders(generateCustomer(i, ctx), i, ctx));
    await db.copyRows(
      'orders.customer_order',
      ['id', 'order_number', 'customer_id', 'city_code', 'hall_code', 'staff_id', 'package_code', 'status', 'total_fee_cents', 'created_at', 'submitted_at'],
      orders.map((o) => [
        o.id,
        o.orderNumber,
        o.customerId,
        o.cityCode,
        o.hallCode,
        o.staffId,
        o.packageCode,
        o.status,
        o.totalFeeCents,
        o.createdAt,
        o.createdAt,
      ]),
    );
    onProgress?.(Math.min(customers, start + BATCH), customers);
  }
  await db.query(`INSERT INTO orders.seed_info (seed_date) VALUES ($1)`, [seedDate]);
}

export async function truncateOrders(db: Db): Promise<void> {
  await db.exec(`TRUNCATE orders.customer_order, orders.handling_session, orders.idempotency, orders.gift_ledger, orders.gift_reservation,
    orders.declaration, orders.audit_log, orders.target_list_member, orders.target_list, orders.seed_info`);
}

export async function ordersIsEmpty(db: Db): Promise<boolean> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders.seed_info`))[0].n === 0;
}
