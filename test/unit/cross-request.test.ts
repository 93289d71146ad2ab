import { describe, expect, it } from 'vitest';
import { crossRequestLoader } from '../../lib/db/cross-request.js';

describe('loads shared by the requests in flight', () => {
  it('asks once for what several requests ask within one turn, and again in the next turn', async () => {
    const batches: string[][] = [];
    const loader = crossRequestLoader<string, string>(async (keys) => {
      batches.push([...keys]);
      return keys.map((k) => k.toUpperCase());
    });
    // Two requests, each awaiting something of its own first, as resolvers do.
    const request = async (keys: string[]) => {
      await Promise.resolve();
      return loader.loadMany(keys);
    };
    expect(await Promise.all([request(['a', 'b']), request(['b', 'c'])])).toEqual([
      ['A', 'B'],
      ['B', 'C'],
    ]);
    expect(batches).toEqual([['a', 'b', 'c']]);
    expect(await loader.load('a')).toBe('A');
    expect(batches).toHaveLength(2);
  });

  it("sends a key two requests ask for once, and gives each asker that key's rows (no duplicates from a join)", async () => {
    const holdings = [
      { customer: 'c1', name: 'h1' },
      { customer: 'c1', name: 'h2' },
    ];
    const loader = crossRequestLoader<{ id: string; today: string }, string[]>(async (keys) => {
      // As SQL joining holdings to unnest(keys) would: one row per key row and holding.
      const rows = keys.flatMap((k) => holdings.filter((h) => h.customer === k.id).map((h) => ({ key: `${k.id}|${k.today}`, name: h.name })));
      return keys.map((k) => rows.filter((r) => r.key === `${k.id}|${k.today}`).map((r) => r.name));
    });
    const [a, b] = await Promise.all([loader.load({ id: 'c1', today: '2026-11-24' }), loader.load({ id: 'c1', today: '2026-11-24' })]);
    expect(a).toEqual(['h1', 'h2']);
    expect(b).toEqual(['h1', 'h2']);
  });

  it('keeps keys apart when told each one counts (audit rows)', async () => {
    const batches: number[] = [];
    const loader = crossRequestLoader<{ who: string }, true>(
      async (keys) => {
        batches.push(keys.length);
        return keys.map(() => true as const);
      },
      (k) => k,
    );
    await Promise.all([loader.load({ who: 'a' }), loader.load({ who: 'a' })]);
    expect(batches).toEqual([2]);
  });

  it('fails every caller of a failed statement, and no caller of the next one', async () => {
    let fail = true;
    const loader = crossRequestLoader<string, string>(async (keys) => {
      if (fail) throw new Error('connection lost');
      return keys.map((k) => k);
    });
    await expect(Promise.all([loader.load('a'), loader.load('b')])).rejects.toThrow('connection lost');
    fail = false;
    expect(await loader.load('a')).toBe('a');
  });
});
