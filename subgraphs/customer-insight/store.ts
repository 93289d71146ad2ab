import DataLoader from 'dataloader';
import { groupBy, rowPerKey, rowsPerKey } from '../../lib/db/batch.js';
import { crossRequestLoader } from '../../lib/db/cross-request.js';
import type { Db } from '../../lib/db/db.js';
import type { CustomerSegment } from './__generated__/resolvers-types.js';
import type { OrderCompletedData } from '../../lib/events/contracts.js';
import { replacements, type HeldItem } from './domain/order-change.js';

export const DB_SCHEMA = 'customer_insight';

export interface CustomerRow {
  id: string;
  msisdn: string;
  name: string;
  gender: 'M' | 'F';
  birth_date: string;
  id_number: string;
  city_code: string;
  hall_code: string | null;
  segment: CustomerSegment;
  joined_on: string;
  arpu_cents: number;
  current_package_code: string | null;
  tags: string[];
}

export interface HoldingRow {
  id: string;
  customer_id: string;
  kind: 'PACKAGE' | 'PROMOTION' | 'CONTRACT';
  name: string;
  package_code: string | null;
  promotion_code: string | null;
  tier_code: string | null;
  start_date: string;
  end_date: string | null;
  monthly_fee_cents: number;
}

export interface UsageRow {
  customer_id: string;
  month: string;
  data_mb: number;
  voice_minutes: number;
  sms_count: number;
  overage_cents: number;
}

export interface HallRow {
  code: string;
  city_code: string;
  name: string;
  district: string;
  address: string;
  counters: string[];
}

export interface CityRow {
  code: string;
  name: string;
}

/** A customer with what a counter's view of them reads next, fetched in the same statement. */
export interface CustomerDetails {
  row: CustomerRow;
  /** Current on the day asked for. */
  holdings: HoldingRow[];
  /** The last three months. */
  usage: UsageRow[];
  city: CityRow | null;
}

export interface AccessEntry {
  staffId: string;
  cityCode: string;
  customerId: string;
  unmasked: boolean;
}

/** A holding `h` current on the day `k.today` asked for: it ends that day or later, or never. */
const CURRENT_HOLDING = `(h.end_date IS NULL OR h.end_date >= k.today::date)`;
/** Usage is shown for the last three months. */
const USAGE_MONTHS = 3;

/** All SQL of the subgraph, and per-request loaders that batch it (across requests, too). */
export function createStore(db: Db) {
  const shared = {
    customer: crossRequestLoader<string, CustomerRow | null>(async (ids) =>
      rowPerKey(ids, await db.query<CustomerRow>(`SELECT * FROM customer_insight.customer WHERE id = ANY($1::text[])`, [ids]), (r) => r.id),
    ),
    /** By normalised number: how the counter, alerts and the events bridge refer to a customer. */
    customerByMsisdn: crossRequestLoader<string, CustomerRow | null>(async (numbers) =>
      rowPerKey(numbers, await db.query<CustomerRow>(`SELECT * FROM customer_insight.customer WHERE msisdn = ANY($1::text[])`, [numbers]), (r) => r.msisdn),
    ),
    /** By number, with holdings current on the day asked for, the last usage months and the city. */
    customerWithDetails: crossRequestLoader<{ msisdn: string; today: string }, CustomerDetails | null>(async (keys) => {
      type Joined = CustomerRow & { asked_today: string; city_name: string | null; joined_holdings: HoldingRow[]; joined_usage: UsageRow[] };
      const rows = await db.query<Joined>(
        `SELECT c.*, k.today AS asked_today, ci.name AS city_name,
                COALESCE((SELECT json_agg(h) FROM customer_insight.holding h WHERE h.customer_id = c.id AND ${CURRENT_HOLDING}), '[]') AS joined_holdings,
                COALESCE((SELECT json_agg(u ORDER BY u.month) FROM customer_insight.usage_month u WHERE u.customer_id = c.id), '[]') AS joined_usage
           FROM unnest($1::text[], $2::text[]) AS k(msisdn, today)
           JOIN customer_insight.customer c ON c.msisdn = k.msisdn
           LEFT JOIN customer_insight.city ci ON ci.code = c.city_code`,
        [keys.map((k) => k.msisdn), keys.map((k) => k.today)],
      );
      const found = new Map(
        rows.map(({ asked_today, city_name, joined_holdings, joined_usage, ...row }) => [
          `${row.msisdn}|${asked_today}`,
          {
            row,
            holdings: joined_holdings,
            usage: joined_usage.slice(-USAGE_MONTHS),
            city: city_name === null ? null : { code: row.city_code, name: city_name },
          },
        ]),
      );
      return keys.map((k) => found.get(`${k.msisdn}|${k.today}`) ?? null);
    }),
    usage: crossRequestLoader<string, UsageRow[]>(async (ids) => {
      const rows = await db.query<UsageRow>(`SELECT * FROM customer_insight.usage_month WHERE customer_id = ANY($1::text[]) ORDER BY month`, [ids]);
      return rowsPerKey(ids, rows, (r) => r.customer_id).map((months) => months.slice(-USAGE_MONTHS));
    }),
    /** Current holdings only: those that end on the day asked for or later, or never. */
    holdings: crossRequestLoader<{ id: string; today: string }, HoldingRow[]>(async (keys) => {
      const rows = await db.query<HoldingRow & { asked_today: string }>(
        `SELECT h.*, k.today AS asked_today FROM unnest($1::text[], $2::text[]) AS k(id, today)
           JOIN customer_insight.holding h ON h.customer_id = k.id AND ${CURRENT_HOLDING}`,
        [keys.map((k) => k.id), keys.map((k) => k.today)],
      );
      const rowsOf = groupBy(rows, (r) => `${r.customer_id}|${r.asked_today}`);
      return keys.map((k) => (rowsOf.get(`${k.id}|${k.today}`) ?? []).map(({ asked_today: _day, ...holding }) => holding));
    }),
    hall: crossRequestLoader<string, HallRow | null>(async (codes) =>
      rowPerKey(codes, await db.query<HallRow>(`SELECT * FROM customer_insight.hall WHERE code = ANY($1::text[])`, [codes]), (r) => r.code),
    ),
    city: crossRequestLoader<string, CityRow | null>(async (codes) =>
      rowPerKey(codes, await db.query<CityRow>(`SELECT * FROM customer_insight.city WHERE code = ANY($1::text[])`, [codes]), (r) => r.code),
    ),
    /** Each request waits until its rows are written: the audit trail never trails an answer. Every request's entry is its own row. */
    audit: crossRequestLoader<AccessEntry, true>(
      async (entries) => {
        await db.query(
          `INSERT INTO customer_insight.access_log (staff_id, city_code, customer_id, unmasked)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[])`,
          [entries.map((e) => e.staffId), entries.map((e) => e.cityCode), entries.map((e) => e.customerId), entries.map((e) => e.unmasked)],
        );
        return entries.map(() => true as const);
      },
      (entry) => entry,
    ),
  };
  return {
    /**
     * Applies what the CRM says a completed order changed, once per order, to a customer of the
     * order's city: the replaced holdings end, the new ones start, the base plan becomes current.
     * False when it was applied before or the city has no such customer.
     */
    async applyOrder(order: OrderCompletedData): Promise<boolean> {
      return db.transaction(async (tx) => {
        const [customer] = await tx.query<CustomerRow>(`SELECT * FROM customer_insight.customer WHERE id = $1 AND city_code = $2 FOR UPDATE`, [
          order.customerId,
          order.city,
        ]);
        if (!customer) return false;
        const fresh = await tx.query(
          `INSERT INTO customer_insight.applied_order (order_id, customer_id) VALUES ($1, $2) ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
          [order.orderId, customer.id],
        );
        if (fresh.length === 0) return false;
        const { change } = order;
        const held = await tx.query<HeldItem>(
          `SELECT id, kind, package_code, promotion_code, start_date, end_date FROM customer_insight.holding WHERE customer_id = $1`,
          [customer.id],
        );
        const { end, drop, endOn } = replacements(change, held, customer.current_package_code);
        if (end.length) await tx.query(`UPDATE customer_insight.holding SET end_date = $2::date WHERE id = ANY($1::text[])`, [end, endOn]);
        if (drop.length) await tx.query(`DELETE FROM customer_insight.holding WHERE id = ANY($1::text[])`, [drop]);
        const adds = change.adds;
        await tx.query(
          `INSERT INTO customer_insight.holding (id, customer_id, kind, name, package_code, promotion_code, tier_code, start_date, end_date, monthly_fee_cents)
           SELECT t.id, $1, t.kind, t.name, t.package_code, t.promotion_code, t.tier_code, $2::date, t.end_date, t.fee
             FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::int[])
                  AS t(id, kind, name, package_code, promotion_code, tier_code, end_date, fee)`,
          [
            customer.id,
            change.effectiveOn,
            adds.map((_, i) => `${order.orderId}-${i + 1}`),
            adds.map((a) => a.kind),
            adds.map((a) => a.name),
            adds.map((a) => a.packageCode),
            adds.map((a) => a.promotionCode),
            adds.map((a) => a.tierCode),
            adds.map((a) => a.endDate),
            adds.map((a) => a.monthlyFeeCents),
          ],
        );
        if (change.basePlan) await tx.query(`UPDATE customer_insight.customer SET current_package_code = $2 WHERE id = $1`, [customer.id, change.basePlan]);
        return true;
      });
    },
    customerByMsisdn: (msisdn: string): Promise<CustomerRow | null> => shared.customerByMsisdn.load(msisdn),
    customerWithDetails: (msisdn: string, today: string): Promise<CustomerDetails | null> => shared.customerWithDetails.load({ msisdn, today }),
    async hallsOfCity(cityCode: string): Promise<HallRow[]> {
      return db.query<HallRow>(`SELECT * FROM customer_insight.hall WHERE city_code = $1 ORDER BY code`, [cityCode]);
    },
    loaders(today: string) {
      return {
        customer: new DataLoader<string, CustomerRow | null>((ids) => shared.customer.loadMany(ids)),
        customerByMsisdn: new DataLoader<string, CustomerRow | null>((numbers) => shared.customerByMsisdn.loadMany(numbers)),
        usage: new DataLoader<string, UsageRow[]>((ids) => shared.usage.loadMany(ids)),
        holdings: new DataLoader<string, HoldingRow[]>((ids) => shared.holdings.loadMany(ids.map((id) => ({ id, today })))),
        hall: new DataLoader<string, HallRow | null>((codes) => shared.hall.loadMany(codes)),
        city: new DataLoader<string, CityRow | null>((codes) => shared.city.loadMany(codes)),
        /** One audit row per customer shown in a request. */
        audit: new DataLoader<AccessEntry, true, string>((entries) => shared.audit.loadMany(entries), {
          cacheKeyFn: (e) => `${e.staffId}|${e.customerId}|${e.unmasked}`,
        }),
      };
    },
  };
}

export type Store = ReturnType<typeof createStore>;
export type Loaders = ReturnType<Store['loaders']>;
