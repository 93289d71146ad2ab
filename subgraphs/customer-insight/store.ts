import DataLoader from 'dataloader';
import { groupBy, rowsPerKey } from '../../lib/db/batch.js';
import { crossRequestLoader } from '../../lib/db/cross-request.js';
import type { Db } from '../../lib/db/db.js';

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
  segment: string;
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

export interface AccessEntry {
  staffId: string;
  cityCode: string;
  customerId: string;
  unmasked: boolean;
}

/** All SQL of the subgraph, and per-request loaders that batch it (across requests, too). */
export function createStore(db: Db) {
  const byKey = <K, R>(keys: readonly K[], rows: R[], key: (r: R) => K) => {
    const map = new Map(rows.map((r) => [key(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  };
  const shared = {
    customer: crossRequestLoader<string, CustomerRow | null>(async (ids) =>
      byKey(ids, await db.query<CustomerRow>(`SELECT * FROM customer_insight.customer WHERE id = ANY($1::text[])`, [ids]), (r) => r.id)),
    /** By normalised number: how the counter, alerts and the events bridge refer to a customer. */
    customerByMsisdn: crossRequestLoader<string, CustomerRow | null>(async (numbers) =>
      byKey(numbers, await db.query<CustomerRow>(`SELECT * FROM customer_insight.customer WHERE msisdn = ANY($1::text[])`, [numbers]), (r) => r.msisdn)),
    usage: crossRequestLoader<string, UsageRow[]>(async (ids) => {
      const rows = await db.query<UsageRow>(`SELECT * FROM customer_insight.usage_month WHERE customer_id = ANY($1::text[]) ORDER BY month`, [ids]);
      return rowsPerKey(ids, rows, (r) => r.customer_id).map((months) => months.slice(-3));
    }),
    /** Current holdings only: those that end on the day asked for or later, or never. */
    holdings: crossRequestLoader<{ id: string; today: string }, HoldingRow[]>(async (keys) => {
      const rows = await db.query<HoldingRow & { asked_today: string }>(
        `SELECT h.*, k.today AS asked_today FROM unnest($1::text[], $2::text[]) AS k(id, today)
           JOIN customer_insight.holding h ON h.customer_id = k.id AND (h.end_date IS NULL OR h.end_date >= k.today::date)`,
        [keys.map((k) => k.id), keys.map((k) => k.today)],
      );
      const rowsOf = groupBy(rows, (r) => `${r.customer_id}|${r.asked_today}`);
      return keys.map((k) => (rowsOf.get(`${k.id}|${k.today}`) ?? []).map(({ asked_today: _day, ...holding }) => holding));
    }),
    hall: crossRequestLoader<string, HallRow | null>(async (codes) =>
      byKey(codes, await db.query<HallRow>(`SELECT * FROM customer_insight.hall WHERE code = ANY($1::text[])`, [codes]), (r) => r.code)),
    city: crossRequestLoader<string, CityRow | null>(async (codes) =>
      byKey(codes, await db.query<CityRow>(`SELECT * FROM customer_insight.city WHERE code = ANY($1::text[])`, [codes]), (r) => r.code)),
    /** Each request waits until its rows are written: the audit trail never trails an answer. */
    audit: crossRequestLoader<AccessEntry, true>(async (entries) => {
      await db.query(
        `INSERT INTO customer_insight.access_log (staff_id, city_code, customer_id, unmasked)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[])`,
        [entries.map((e) => e.staffId), entries.map((e) => e.cityCode), entries.map((e) => e.customerId), entries.map((e) => e.unmasked)],
      );
      return entries.map(() => true as const);
    }),
  };
  return {
    customerByMsisdn: (msisdn: string): Promise<CustomerRow | null> => shared.customerByMsisdn.load(msisdn),
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
