import type { Db } from '../../lib/db/db.js';
import { generateCustomer, generateWarningOrders, seedContext } from '../../lib/seed/customers.js';
import type { SeedOptions } from '../../lib/subgraph/runtime.js';
import { parseWarningContent } from './domain/parse-content.js';
import { warningId } from './store.js';

const BATCH = 10_000;

export async function seedAlerts(db: Db, { customers, seedDate, onProgress }: SeedOptions): Promise<void> {
  const ctx = seedContext(seedDate);
  for (let start = 0; start < customers; start += BATCH) {
    const orders = [];
    for (let i = start; i < Math.min(customers, start + BATCH); i++) orders.push(...generateWarningOrders(generateCustomer(i, ctx), i, ctx));
    await db.copyRows(
      'alerts.warning_order',
      [
        'id',
        'external_id',
        'customer_id',
        'msisdn',
        'city_code',
        'hall_code',
        'type',
        'raw_type',
        'level',
        'content',
        'parsed',
        'parse_status',
        'issued_at',
        'due_date',
        'routed_at',
      ],
      orders.map((o) => {
        const parsed = parseWarningContent(o.content, new Date(o.issuedAt));
        return [
          warningId(o.externalId),
          o.externalId,
          o.customerId,
          o.msisdn,
          o.cityCode,
          o.hallCode,
          o.type,
          o.type,
          o.level,
          o.content,
          parsed,
          parsed.status,
          o.issuedAt,
          o.dueDate,
          // Every seeded order names its hall: routed as it arrived.
          o.issuedAt,
        ];
      }),
    );
    onProgress?.(Math.min(customers, start + BATCH), customers);
  }
  await db.query(`INSERT INTO alerts.seed_info (seed_date) VALUES ($1)`, [seedDate]);
}

export async function truncateAlerts(db: Db): Promise<void> {
  await db.exec(`TRUNCATE alerts.warning_order, alerts.counter_session, alerts.seed_info`);
}

export async function alertsIsEmpty(db: Db): Promise<boolean> {
  return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts.seed_info`))[0].n === 0;
}
