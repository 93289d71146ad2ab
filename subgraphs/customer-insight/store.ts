import DataLoader from 'dataloader';
import { rowsPerKey } from '../../lib/db/batch.js';
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

/** All SQL of the subgraph, and per-request loaders that batch it. */
export function createStore(db: Db) {
  return {
    async customerByMsisdn(msisdn: string): Promise<CustomerRow | null> {
      const rows = await db.query<CustomerRow>(`SELECT * FROM customer_insight.customer WHERE msisdn = $1`, [msisdn]);
      return rows[0] ?? null;
    },
    async hallsOfCity(cityCode: string): Promise<HallRow[]> {
      return db.query<HallRow>(`SELECT * FROM customer_insight.hall WHERE city_code = $1 ORDER BY code`, [cityCode]);
    },
    loaders(today: string) {
      return {
        customer: new DataLoader<string, CustomerRow | null>(async (ids) => {
          const rows = await db.query<CustomerRow>(`SELECT * FROM customer_insight.customer WHERE id = ANY($1::text[])`, [ids]);
          const byId = new Map(rows.map((r) => [r.id, r]));
          return ids.map((id) => byId.get(id) ?? null);
        }),
        /** By normalised number: how alerts and the events bridge refer to a customer. */
        customerByMsisdn: new DataLoader<string, CustomerRow | null>(async (numbers) => {
          const rows = await db.query<CustomerRow>(`SELECT * FROM customer_insight.customer WHERE msisdn = ANY($1::text[])`, [numbers]);
          const byNumber = new Map(rows.map((r) => [r.msisdn, r]));
          return numbers.map((n) => byNumber.get(n) ?? null);
        }),
        usage: new DataLoader<string, UsageRow[]>(async (ids) => {
          const rows = await db.query<UsageRow>(
            `SELECT * FROM customer_insight.usage_month WHERE customer_id = ANY($1::text[]) ORDER BY month`,
            [ids],
          );
          return rowsPerKey(ids, rows, (r) => r.customer_id).map((months) => months.slice(-3));
        }),
        /** Current holdings only: those that end today or later, or never. */
        holdings: new DataLoader<string, HoldingRow[]>(async (ids) => {
          const rows = await db.query<HoldingRow>(
            `SELECT * FROM customer_insight.holding
              WHERE customer_id = ANY($1::text[]) AND (end_date IS NULL OR end_date >= $2::date)`,
            [ids, today],
          );
          return rowsPerKey(ids, rows, (r) => r.customer_id);
        }),
        hall: new DataLoader<string, HallRow | null>(async (codes) => {
          const rows = await db.query<HallRow>(`SELECT * FROM customer_insight.hall WHERE code = ANY($1::text[])`, [codes]);
          const byCode = new Map(rows.map((r) => [r.code, r]));
          return codes.map((c) => byCode.get(c) ?? null);
        }),
        city: new DataLoader<string, CityRow | null>(async (codes) => {
          const rows = await db.query<CityRow>(`SELECT * FROM customer_insight.city WHERE code = ANY($1::text[])`, [codes]);
          const byCode = new Map(rows.map((r) => [r.code, r]));
          return codes.map((c) => byCode.get(c) ?? null);
        }),
        /** One audit row per customer shown in a request, written in one statement. */
        audit: new DataLoader<AccessEntry, true, string>(
          async (entries) => {
            await db.query(
              `INSERT INTO customer_insight.access_log (staff_id, city_code, customer_id, unmasked)
               SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[])`,
              [entries.map((e) => e.staffId), entries.map((e) => e.cityCode), entries.map((e) => e.customerId), entries.map((e) => e.unmasked)],
            );
            return entries.map(() => true as const);
          },
          { cacheKeyFn: (e) => `${e.staffId}|${e.customerId}|${e.unmasked}` },
        ),
      };
    },
  };
}

export type Store = ReturnType<typeof createStore>;
export type Loaders = ReturnType<Store['loaders']>;
