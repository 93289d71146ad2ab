import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import type { SubgraphName } from '../../lib/config.js';
import type { Db } from '../../lib/db/db.js';
import { openPglite } from '../../lib/db/pglite.js';
import { openPostgres } from '../../lib/db/postgres.js';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh, empty database for one subgraph (PGlite) or a fresh database shared by all (server). */
  setup(): Promise<{ openDb: (name: SubgraphName) => Promise<Db>; teardown: () => Promise<void>; url: string | null }>;
}

/** The server every machine runs; CI must reach it. */
const SERVER_URL = process.env.TEST_POSTGRES_URL ?? `postgres://${process.env.PGUSER ?? userInfo().username}@127.0.0.1:5432/test`;

export const pglite: Backend = {
  name: 'pglite',
  async setup() {
    return { openDb: () => openPglite(), teardown: async () => undefined, url: null };
  },
};

export const postgres: Backend = {
  name: 'postgres',
  async setup() {
    const database = `lingxi_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(SERVER_URL);
    url.pathname = `/${database}`;
    return {
      url: url.toString(),
      openDb: () => openPostgres(url.toString(), 4),
      async teardown() {
        const client = new pg.Client({ connectionString: SERVER_URL });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await client.end();
      },
    };
  },
};

/** PGlite always; with CI=true the PostgreSQL server too, and an unreachable server fails the run. */
export const BACKENDS: Backend[] = process.env.CI === 'true' || process.env.TEST_POSTGRES === '1' ? [pglite, postgres] : [pglite];
