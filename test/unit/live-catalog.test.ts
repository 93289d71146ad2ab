import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/db.js';
import { openPglite } from '../../lib/db/pglite.js';
import { fixedClock } from '../../lib/clock.js';
import { prepareDatabase } from '../../lib/subgraph/runtime.js';
import { publish } from '../../subgraphs/catalog/admin.js';
import { LiveCatalog } from '../../subgraphs/catalog/live.js';
import { defaultRulesYaml } from '../../subgraphs/catalog/seed.js';
import { catalog } from '../../subgraphs/catalog/server.js';

const NOW = new Date('2026-11-20T02:00:00Z');

/** Holds the answer of the in-force query until released, as a slow poll would. */
function gated(db: Db) {
  let gate: Promise<void> | null = null;
  let release = () => {};
  let reached = () => {};
  const wrapped: Db = {
    ...db,
    kind: db.kind,
    async query<R>(sql: string, params?: readonly unknown[]) {
      const rows = await db.query<R>(sql, params);
      if (gate && sql.includes('DISTINCT ON (city)')) {
        reached();
        await gate;
      }
      return rows;
    },
    transaction: (fn) => db.transaction(fn),
  };
  return {
    db: wrapped,
    /** Resolves once a query has read the heads and is held. */
    hold(): Promise<void> {
      gate = new Promise((r) => (release = r));
      return new Promise((r) => (reached = r));
    },
    release() {
      gate = null;
      release();
    },
  };
}

describe('the live catalogue of one instance', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite();
    await prepareDatabase(catalog, db);
    await db.transaction((tx) => catalog.seed(tx, { customers: 0, seedDate: '2026-11-20' }));
  });
  afterAll(() => db.close());

  it('sees its own publish even when a poll that read the old heads is still under way', async () => {
    const g = gated(db);
    const live = new LiveCatalog(g.db, fixedClock(NOW.toISOString()));
    await live.refresh();
    {
      const before = live.current.rulesFor('zhenjiang').version;
      const held = g.hold();
      const poll = live.refresh();
      await held;
      const row = await publish(db, 'zhenjiang', { yaml: defaultRulesYaml('镇江'), effectiveFrom: NOW, note: '' }, 'm1', NOW);
      const afterPublish = live.refresh();
      g.release();
      await Promise.all([poll, afterPublish]);
      expect(row.version).toBe(before + 1);
      expect(live.current.rulesFor('zhenjiang').version).toBe(row.version);
    }
  });
});
