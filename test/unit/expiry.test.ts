import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween } from '../../lib/calendar.js';
import { businessDate } from '../../lib/clock.js';
import { byEndDate, daysLeft, expiryLabel, isCurrent } from '../../subgraphs/customer-insight/domain/expiry.js';

describe('expiry labels (到期接续)', () => {
  it.each([
    // today,       end date,      label
    ['2026-11-24', '2026-11-24', 'RED'], // ends today: still held, red
    ['2026-11-24', '2026-12-24', 'RED'], // exactly one calendar month
    ['2026-11-24', '2026-12-25', 'YELLOW'], // one day past a month
    ['2026-11-24', '2027-02-24', 'YELLOW'], // exactly three calendar months
    ['2026-11-24', '2027-02-25', 'GREEN'], // one day past three months
    ['2026-11-24', null, 'GREEN'], // open-ended: nothing to renew
    // Month ends clamp: Jan 31 + 1 month is the last day of February.
    ['2027-01-31', '2027-02-28', 'RED'],
    ['2027-01-31', '2027-03-01', 'YELLOW'],
    ['2027-01-31', '2027-04-30', 'YELLOW'],
    ['2027-01-31', '2027-05-01', 'GREEN'],
    // Leap years: Jan 31 + 1 month = Feb 29 in 2028; Feb 29 + 1 month = Mar 29.
    ['2028-01-31', '2028-02-29', 'RED'],
    ['2028-01-31', '2028-03-01', 'YELLOW'],
    ['2028-02-29', '2028-03-29', 'RED'],
    ['2028-02-29', '2028-03-30', 'YELLOW'],
    ['2028-02-29', '2028-05-29', 'YELLOW'],
    ['2028-02-29', '2028-05-30', 'GREEN'],
    // Across the year end.
    ['2026-12-31', '2027-01-31', 'RED'],
    ['2026-12-31', '2027-02-01', 'YELLOW'],
    ['2026-11-30', '2027-02-28', 'YELLOW'],
    ['2026-11-30', '2027-03-01', 'GREEN'],
    // 2100 is not a leap year.
    ['2100-01-31', '2100-02-28', 'RED'],
    ['2100-01-31', '2100-03-01', 'YELLOW'],
  ] as const)('today %s, ending %s → %s', (today, end, label) => {
    expect(expiryLabel(end, today)).toBe(label);
  });

  it('adds calendar months clamping to the end of the month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-11-24', 3)).toBe('2027-02-24');
    expect(addMonths('2026-12-15', -12)).toBe('2025-12-15');
  });

  it('counts days left through the end date, and none for open-ended holdings', () => {
    expect(daysLeft('2026-11-24', '2026-11-24')).toBe(0);
    expect(daysLeft('2026-12-24', '2026-11-24')).toBe(30);
    expect(daysLeft('2028-03-01', '2028-02-28')).toBe(2);
    expect(daysLeft(null, '2026-11-24')).toBeNull();
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
  });

  it('treats a holding ending yesterday as no longer held', () => {
    expect(isCurrent('2026-11-23', '2026-11-24')).toBe(false);
    expect(isCurrent('2026-11-24', '2026-11-24')).toBe(true);
    expect(isCurrent(null, '2026-11-24')).toBe(true);
  });

  it('takes today from the Asia/Shanghai calendar, not UTC', () => {
    expect(businessDate(new Date('2026-11-24T15:59:59Z'))).toBe('2026-11-24');
    expect(businessDate(new Date('2026-11-24T16:00:00Z'))).toBe('2026-11-25');
  });

  it('sorts by end date with open-ended holdings last', () => {
    const rows = [
      { name: '乙', end_date: null },
      { name: '甲', end_date: '2027-01-01' },
      { name: '丙', end_date: '2026-12-01' },
    ];
    expect([...rows].sort(byEndDate).map((r) => r.end_date)).toEqual(['2026-12-01', '2027-01-01', null]);
  });
});
