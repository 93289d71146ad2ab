import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SubgraphName } from '../../lib/config.js';
import { fixedClock } from '../../lib/clock.js';
import type { Db } from '../../lib/db/db.js';
import { openPglite } from '../../lib/db/pglite.js';
import { MemoryBus } from '../../lib/events/memory.js';
import { every, subgraph, type Worker } from '../../lib/subgraph/lifecycle.js';
import { prepareDatabase } from '../../lib/subgraph/runtime.js';
import { buildSubgraph, SUBGRAPH_NAMES, subgraphModule } from '../../subgraphs/index.js';
import { TEST_NOW, TEST_SECRETS, TEST_SETTINGS } from '../helpers/graph.js';

/** A worker whose runs end when the test says so. */
function gatedRun() {
  let runs = 0;
  let concurrent = 0;
  let most = 0;
  let release = () => {};
  return {
    run: async () => {
      runs++;
      most = Math.max(most, ++concurrent);
      await new Promise<void>((r) => (release = r));
      concurrent--;
    },
    release: () => release(),
    get runs() {
      return runs;
    },
    get most() {
      return most;
    },
  };
}

describe('a periodic task', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('never overlaps its runs, stop() waits for the run under way, and nothing runs after it', async () => {
    vi.useFakeTimers();
    const task = gatedRun();
    const worker = every('t', 10, task.run, () => {}, 'background');
    await worker.start();
    expect(task.runs).toBe(1);
    // The interval fires five times while the first run is held: no second run starts.
    await vi.advanceTimersByTimeAsync(50);
    expect(task.runs).toBe(1);
    task.release();
    await vi.advanceTimersByTimeAsync(10);
    expect(task.runs).toBe(2);
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    task.release();
    await stopping;
    await vi.advanceTimersByTimeAsync(100);
    expect(task.runs).toBe(2);
    expect(task.most).toBe(1);
  });

  it('fails the start when a first run it must await fails, and logs a failed later run', async () => {
    const logged: string[] = [];
    const failing = every(
      'boom',
      60_000,
      () => Promise.reject(new Error('down')),
      (m) => logged.push(m),
      'await',
    );
    await expect(failing.start()).rejects.toThrow('down');
    const later = every(
      'later',
      60_000,
      () => Promise.reject(new Error('down')),
      (m) => logged.push(m),
      'background',
    );
    await later.start();
    await later.stop();
    expect(logged).toEqual(['later failed']);
  });
});

describe('a subgraph’s lifecycle', () => {
  const dbs = new Map<SubgraphName, Db>();
  beforeAll(async () => {
    for (const name of SUBGRAPH_NAMES) {
      const db = await openPglite();
      await prepareDatabase(subgraphModule(name), db);
      dbs.set(name, db);
    }
  });
  afterAll(async () => {
    for (const db of dbs.values()) await db.close();
  });

  /** A database that counts what it is asked, and a bus that counts its consumers. */
  function watched(name: SubgraphName) {
    const db = dbs.get(name)!;
    const seen = { queries: 0, consumers: 0 };
    const counted: Db = {
      kind: db.kind,
      query: (sql, params) => {
        seen.queries++;
        return db.query(sql, params);
      },
      exec: (sql) => {
        seen.queries++;
        return db.exec(sql);
      },
      transaction: (fn) => {
        seen.queries++;
        return db.transaction(fn);
      },
      copyRows: (t, c, r) => {
        seen.queries++;
        return db.copyRows(t, c, r);
      },
      close: () => db.close(),
    };
    const bus = new MemoryBus();
    const consume = bus.consume.bind(bus);
    bus.consume = (...args) => {
      seen.consumers++;
      return consume(...args);
    };
    return { seen, core: { db: counted, clock: fixedClock(TEST_NOW), internalSecret: TEST_SECRETS.internalSecret, bus } };
  }

  it.each(SUBGRAPH_NAMES)('%s: building starts nothing; start runs its work, stop ends it', async (name) => {
    const { seen, core } = watched(name);
    const settings = { ...TEST_SETTINGS, orders: { ...TEST_SETTINGS.orders, graphUrl: () => 'http://127.0.0.1:9/graphql' } };
    const built = await buildSubgraph(name, core, settings[name] as never);
    expect(built.state).toEqual({ phase: 'built' });
    expect(seen).toEqual({ queries: 0, consumers: 0 });
    await built.start();
    expect(built.state.phase).toBe('ready');
    const health = await built.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    await built.stop();
    expect(built.state).toEqual({ phase: 'stopped' });
  });

  it('refuses a second start, and stops the work it had started when a start fails', async () => {
    const events: string[] = [];
    const { core } = watched('customer-insight');
    const base = await buildSubgraph('customer-insight', core, {});
    const worker = (name: string, fail = false): Worker => ({
      name,
      start: async () => {
        if (fail) throw new Error(`${name} down`);
        events.push(`start ${name}`);
      },
      stop: async () => void events.push(`stop ${name}`),
    });
    const failing = subgraph('customer-insight', base.app, [worker('a'), worker('b'), worker('c', true)]);
    await expect(failing.start()).rejects.toThrow('c down');
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    expect(failing.state).toEqual({ phase: 'stopped' });
    await expect(failing.start()).rejects.toThrow(/phase stopped/);
  });
});
