import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../lib/db/db.js';
import { migrate } from '../lib/db/migrate.js';
import { openPglite } from '../lib/db/pglite.js';
import { prepareDatabase } from '../lib/subgraph/runtime.js';
import { SUBGRAPH_DATA } from '../subgraphs/index.js';
import { BACKENDS } from './helpers/backends.js';

describe.each(BACKENDS)('data layer on $name', (backend) => {
  let db: Db;
  let teardown: () => Promise<void>;
  beforeAll(async () => {
    const setup = await backend.setup();
    teardown = setup.teardown;
    db = await setup.openDb('customer-insight');
  });
  afterAll(async () => {
    await db?.close();
    await teardown?.();
  });

  it('creates each subgraph its own schema, and migrating again changes nothing', async () => {
    for (const module of SUBGRAPH_DATA) await prepareDatabase(module, db);
    const schemas = await db.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY nspname`, [
      SUBGRAPH_DATA.map((m) => m.dbSchema),
    ]);
    expect(schemas.map((s) => s.nspname)).toEqual(['alerts', 'catalog', 'customer_insight', 'orders']);
    for (const module of SUBGRAPH_DATA) expect(await migrate(db, module.dbSchema, module.migrationsDir)).toEqual([]);
  });

  it('returns dates as calendar strings and bigints as numbers', async () => {
    const [row] = await db.query<{ d: string; n: number }>(`SELECT '2028-02-29'::date AS d, 9007199254740::bigint AS n`);
    expect(row).toEqual({ d: '2028-02-29', n: 9007199254740 });
  });

  it('bulk-loads with COPY, quoting commas, quotes, newlines, arrays and NULL', async () => {
    await db.exec(`CREATE TABLE customer_insight.copy_probe (a text, b text[], c date, d integer)`);
    const rows = [
      ['含,逗号"引号"\n换行', ['标签一', '带"引号', 'a,b'], '2026-11-24', 1],
      [null, [], null, null],
    ];
    expect(await db.copyRows('customer_insight.copy_probe', ['a', 'b', 'c', 'd'], rows)).toBe(2);
    const back = await db.query(`SELECT * FROM customer_insight.copy_probe ORDER BY d NULLS LAST`);
    expect(back).toEqual([
      { a: '含,逗号"引号"\n换行', b: ['标签一', '带"引号', 'a,b'], c: '2026-11-24', d: 1 },
      { a: null, b: [], c: null, d: null },
    ]);
  });

  it('rolls a failed transaction back whole', async () => {
    await db.exec(`CREATE TABLE customer_insight.tx_probe (id integer PRIMARY KEY)`);
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO customer_insight.tx_probe VALUES (1)`);
        await tx.query(`INSERT INTO customer_insight.tx_probe VALUES (1)`);
      }),
    ).rejects.toThrow();
    expect(await db.query(`SELECT * FROM customer_insight.tx_probe`)).toEqual([]);
  });
});

describe('embedded PGlite', () => {
  it('keeps its data in the data directory across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lingxi-pglite-'));
    try {
      const first = await openPglite(dir);
      await first.exec(`CREATE TABLE kept (v text); INSERT INTO kept VALUES ('还在')`);
      await first.close();
      const second = await openPglite(dir);
      expect(await second.query(`SELECT v FROM kept`)).toEqual([{ v: '还在' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
