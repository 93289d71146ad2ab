import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { assertIdentifier, csvChunks, PG_TYPES, sharedParsers, type Db } from './db.js';

for (const oid of Object.values(PG_TYPES)) pg.types.setTypeParser(oid, sharedParsers[oid] as (v: string) => unknown);

/** Beyond this many distinct statement texts, further ones run unnamed (a bound on server memory). */
const MAX_NAMED_STATEMENTS = 500;
const statementNames = new Map<string, string>();

/**
 * A parameterised query as a named prepared statement: each connection parses and plans a text
 * once and then only binds and executes it. Unnamed, PostgreSQL parsed and planned every query
 * again, and at benchmark load the database's share of the machine was as large as any subgraph's.
 */
function statement(text: string, values: readonly unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined && values.length > 0 && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `lx_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return { text, values: values as unknown[], ...(name ? { name } : {}) };
}

/** Connects a pool to a PostgreSQL server. */
export async function openPostgres(connectionString: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle connection the server ends (restart, failover, an administrator) is dropped from the
  // pool and replaced on next use; unhandled, pg would take the whole process down with it.
  pool.on('error', (error) => console.warn(`[db] idle connection lost: ${error.message}`));
  // Fail at start-up, with the server's own reason, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  return poolDb(pool);
}

function poolDb(pool: pg.Pool): Db {
  return {
    kind: 'postgres',
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(statement(sql, params));
      return result.rows as R[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(clientDb(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async copyRows(table, columns, rows) {
      const client = await pool.connect();
      try {
        return await copyWith(client, table, columns, rows);
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

function clientDb(client: pg.PoolClient): Db {
  const db: Db = {
    kind: 'postgres',
    async query<R>(sql: string, params: readonly unknown[] = []) {
      return (await client.query(statement(sql, params))).rows as R[];
    },
    async exec(sql: string) {
      await client.query(sql);
    },
    transaction: (fn) => fn(db),
    copyRows: (table, columns, rows) => copyWith(client, table, columns, rows),
    async close() {
      /* the owning pool closes the connection */
    },
  };
  return db;
}

async function copyWith(client: pg.PoolClient, table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>) {
  assertIdentifier(table);
  columns.forEach(assertIdentifier);
  let total = 0;
  const source = Readable.from(
    (function* () {
      for (const chunk of csvChunks(rows)) {
        total += chunk.count;
        yield chunk.text;
      }
    })(),
  );
  await pipeline(source, client.query(copyFrom(`COPY ${table} (${columns.join(',')}) FROM STDIN WITH (FORMAT csv)`)));
  return total;
}
