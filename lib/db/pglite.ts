import { PGlite, type Transaction } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { assertIdentifier, csvChunks, sharedParsers, type Db } from './db.js';

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

/** Opens (creating if needed) an embedded PostgreSQL in dataDir; undefined keeps it in memory. */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({ dataDir, parsers: sharedParsers });
  return wrap(pg, pg);
}

function wrap(pg: PGlite, q: Queryable): Db {
  const db: Db = {
    kind: 'pglite',
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<R>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      // PGlite has no nested transactions; inside one we simply keep going in it.
      if (q !== pg) return fn(db);
      return pg.transaction((tx) => fn(wrap(pg, tx)));
    },
    async copyRows(table, columns, rows) {
      assertIdentifier(table);
      columns.forEach(assertIdentifier);
      let total = 0;
      for (const chunk of csvChunks(rows, 20000)) {
        await q.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
          blob: new Blob([chunk.text]),
        });
        total += chunk.count;
      }
      return total;
    },
    async close() {
      if (q === pg && !pg.closed) await pg.close();
    },
  };
  return db;
}
