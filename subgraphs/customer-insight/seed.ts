import type { Db } from '../../lib/db/db.js';
import { CITIES, HALLS } from '../../lib/org-chart.js';
import { generateCustomer, seedContext } from '../../lib/seed/customers.js';
import type { SeedOptions } from '../../lib/subgraph/runtime.js';

const BATCH = 10_000;

/** Fills the subgraph's tables from the deterministic generator, in COPY batches. */
export async function seedCustomerInsight(db: Db, { customers, seedDate, onProgress }: SeedOptions): Promise<void> {
  const ctx = seedContext(seedDate);
  await db.copyRows(
    'customer_insight.city',
    ['code', 'name'],
    CITIES.map((c) => [c.code, c.name]),
  );
  await db.copyRows(
    'customer_insight.hall',
    ['code', 'city_code', 'name', 'district', 'address', 'counters'],
    HALLS.map((h) => [h.code, h.cityCode, h.name, h.district, h.address, h.counters]),
  );
  for (let start = 0; start < customers; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, customers - start) }, (_, k) => generateCustomer(start + k, ctx));
    await db.copyRows(
      'customer_insight.customer',
      [
        'id',
        'msisdn',
        'name',
        'gender',
        'birth_date',
        'id_number',
        'city_code',
        'hall_code',
        'segment',
        'joined_on',
        'arpu_cents',
        'current_package_code',
        'tags',
      ],
      batch.map((c) => [
        c.id,
        c.msisdn,
        c.name,
        c.gender,
        c.birthDate,
        c.idNumber,
        c.cityCode,
        c.hallCode,
        c.segment,
        c.joinedOn,
        c.arpuCents,
        c.currentPackageCode,
        c.tags,
      ]),
    );
    await db.copyRows(
      'customer_insight.usage_month',
      ['customer_id', 'month', 'data_mb', 'voice_minutes', 'sms_count', 'overage_cents'],
      batch.flatMap((c) => c.usage.map((u) => [c.id, u.month, u.dataMb, u.voiceMinutes, u.smsCount, u.overageCents])),
    );
    await db.copyRows(
      'customer_insight.holding',
      ['id', 'customer_id', 'kind', 'name', 'package_code', 'promotion_code', 'tier_code', 'start_date', 'end_date', 'monthly_fee_cents'],
      batch.flatMap((c) =>
        c.holdings.map((h) => [h.id, c.id, h.kind, h.name, h.packageCode, h.promotionCode, h.tierCode, h.startDate, h.endDate, h.monthlyFeeCents]),
      ),
    );
    onProgress?.(start + batch.length, customers);
  }
  await db.query(`INSERT INTO customer_insight.seed_info (seed_date, customers) VALUES ($1, $2)`, [seedDate, customers]);
}

export async function truncateCustomerInsight(db: Db): Promise<void> {
  await db.exec(`TRUNCATE customer_insight.access_log, customer_insight.applied_order, customer_insight.holding, customer_insight.usage_month,
    customer_insight.customer, customer_insight.hall, customer_insight.city, customer_insight.seed_info`);
}

export async function customerInsightIsEmpty(db: Db): Promise<boolean> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM customer_insight.seed_info`);
  return rows[0].n === 0;
}
