import DataLoader from 'dataloader';
import { rowsPerKey } from '../../lib/db/batch.js';
import type { Db } from '../../lib/db/db.js';

export const DB_SCHEMA = 'orders';

export interface OrderRow {
  id: string;
  order_number: string;
  customer_id: string;
  city_code: string;
  hall_code: string;
  staff_id: string;
  package_code: string;
  status: 'SUBMITTED' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  total_fee_cents: number;
  created_at: Date;
}

export interface CustomerRef {
  id: string;
}

export function createStore(db: Db) {
  return {
    async order(id: string, city: string): Promise<OrderRow | null> {
      return (await db.query<OrderRow>(`SELECT * FROM orders.customer_order WHERE id = $1 AND city_code = $2`, [id, city]))[0] ?? null;
    },
    loaders(city: string) {
      return {
        byCustomer: new DataLoader<string, OrderRow[]>(async (ids) => {
          const rows = await db.query<OrderRow>(
            `SELECT * FROM orders.customer_order WHERE customer_id = ANY($1::text[]) AND city_code = $2 ORDER BY created_at DESC, id`,
            [ids, city],
          );
          return rowsPerKey(ids, rows, (r) => r.customer_id);
        }),
      };
    },
  };
}

export type Store = ReturnType<typeof createStore>;
export type Loaders = ReturnType<Store['loaders']>;
