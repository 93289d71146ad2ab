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
    expect(await Promise.all([request(['a', 'b']), request(['b', 'c'])])).toEqual([['A', 'B'], ['B', 'C']]);
    expect(batches).toEqual([['a', 'b', 'b', 'c']]);
    expect(await loader.load('a')).toBe('A');
    expect(batches).toHaveLength(2);
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
