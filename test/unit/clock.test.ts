import { describe, expect, it } from 'vitest';
import { BUSINESS_TZ, businessDate } from '../../lib/clock.js';

describe('businessDate', () => {
  it('turns to the next day at 16:00 UTC, midnight in Shanghai', () => {
    expect(businessDate(new Date('2026-11-24T15:59:59.999Z'))).toBe('2026-11-24');
    expect(businessDate(new Date('2026-11-24T16:00:00.000Z'))).toBe('2026-11-25');
    expect(businessDate(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
  });

  it('agrees with the time-zone database for every few hours across decades', () => {
    const reference = new Intl.DateTimeFormat('en-CA', { timeZone: BUSINESS_TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
    const differing: string[] = [];
    for (let t = Date.UTC(1992, 0, 1); t < Date.UTC(2060, 0, 1); t += 5 * 3600_000 + 17_000) {
      const at = new Date(t);
      if (businessDate(at) !== reference.format(at)) differing.push(at.toISOString());
    }
    expect(differing).toEqual([]);
  });
});
