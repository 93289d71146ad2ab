import DataLoader from 'dataloader';
import type { Db } from '../../lib/db/db.js';

export const DB_SCHEMA = 'alerts';

export interface WarningOrderRow {
  id: string;
  external_id: string;
  customer_id: string;
  msisdn: string;
  city_code: string;
  hall_code: string | null;
  type: string;
  raw_type: string | null;
  level: 'HIGH' | 'MEDIUM' | 'LOW';
  status: 'NEW' | 'DELIVERED' | 'ACKNOWLEDGED' | 'HANDLED' | 'EXPIRED';
  content: string;
  issued_at: Date;
  due_date: string | null;
}

/** A customer as this subgraph knows it: only the key; the rest comes through federation. */
export interface CustomerRef {
  id: string;
}

/** Most urgent first: level, then the oldest issue time. */
const URGENCY = `CASE level WHEN 'HIGH' THEN 0 WHEN 'MEDIUM' THEN 1 ELSE 2 END, issued_at`;

export function createStore(db: Db) {
  return {
    async warningOrder(id: string, city: string): Promise<WarningOrderRow | null> {
      return (await db.query<WarningOrderRow>(`SELECT * FROM alerts.warning_order WHERE id = $1 AND city_code = $2`, [id, city]))[0] ?? null;
    },
    loaders(city: string) {
      return {
        /** Keyed by customer and status set, so different argument values batch separately but correctly. */
        byCustomer: new DataLoader<{ customerId: string; statuses: readonly string[] }, WarningOrderRow[], string>(
          async (keys) => {
            const ids = [...new Set(keys.map((k) => k.customerId))];
            const rows = await db.query<WarningOrderRow>(
              `SELECT * FROM alerts.warning_order WHERE customer_id = ANY($1::text[]) AND city_code = $2 ORDER BY ${URGENCY}`,
              [ids, city],
            );
            return keys.map((k) => rows.filter((r) => r.customer_id === k.customerId && k.statuses.includes(r.status)));
          },
          { cacheKeyFn: (k) => `${k.customerId}|${[...k.statuses].sort().join(',')}` },
        ),
      };
    },
  };
}

export type Store = ReturnType<typeof createStore>;
export type Loaders = ReturnType<Store['loaders']>;
