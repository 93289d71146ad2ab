import { describe, expect, it } from 'vitest';
import { armOf, wilson } from '../../subgraphs/catalog/domain/experiment.js';

describe('an experiment’s figures', () => {
  it('bounds a Wilson interval by exactly 0 with no successes and 1 with all, for every size', () => {
    for (let n = 1; n <= 500; n++) {
      expect(wilson(0, n).low).toBe(0);
      expect(wilson(n, n).high).toBe(1);
    }
    const { low, high } = wilson(30, 100);
    expect(low).toBeCloseTo(0.2189, 3);
    expect(high).toBeCloseTo(0.3958, 3);
  });

  it('keeps a customer in one arm, and splits about as the share says', () => {
    const e = { id: 'EXP1', split: 'CUSTOMER' as const, share: 0.3, candidateVersion: 2 };
    expect(armOf(e, 'C1', 'h1')).toBe(armOf(e, 'C1', 'h2'));
    const candidates = Array.from({ length: 2000 }, (_, i) => armOf(e, `C${i}`, null)).filter((a) => a === 'CANDIDATE').length;
    expect(candidates / 2000).toBeGreaterThan(0.26);
    expect(candidates / 2000).toBeLessThan(0.34);
  });
});
