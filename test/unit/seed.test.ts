import { describe, expect, it } from 'vitest';
import { addMonths } from '../../lib/calendar.js';
import { generateCustomer, generateWarningOrders, seedContext } from '../../lib/seed/customers.js';
import { CMCC_PREFIXES } from '../../lib/seed/people.js';
import { CITIES, HALLS, PILOT_CITY, STAFF } from '../../lib/org-chart.js';
import { expiryLabel, isCurrent } from '../../subgraphs/customer-insight/domain/expiry.js';

const ctx = seedContext('2026-11-24');
const customers = Array.from({ length: 2000 }, (_, i) => generateCustomer(i, ctx));

function idCheckDigit(body: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return '10X98765432'[[...body].reduce((s, c, k) => s + Number(c) * weights[k], 0) % 11];
}

describe('deterministic seed', () => {
  it('generates the same customer every time, alone or in a batch', () => {
    expect(generateCustomer(1234, seedContext('2026-11-24'))).toEqual(customers[1234]);
  });

  it('has 500+ online packages in Zhenjiang across realistic families, and thousands of promotion tiers', () => {
    const online = ctx.packages.filter((p) => p.online && p.cities.includes(PILOT_CITY));
    expect(online.length).toBeGreaterThanOrEqual(500);
    expect(new Set(ctx.packages.map((p) => p.code)).size).toBe(ctx.packages.length);
    expect(new Set(online.map((p) => p.family))).toEqual(new Set(['FIVE_G', 'FAMILY', 'YOUTH', 'BASIC', 'DATA_ADDON', 'VOICE_ADDON', 'RIGHTS', 'BROADBAND']));
    expect(ctx.packages.find((p) => p.code === '5GCX128')).toMatchObject({ monthlyFeeCents: 12800, dataGb: 30, voiceMinutes: 500 });
    const tiers = ctx.promotions.flatMap((p) => p.batches.flatMap((b) => b.tiers));
    expect(tiers.length).toBeGreaterThan(1000);
  });

  it('gives customers unique, valid China Mobile numbers and valid ID numbers', () => {
    expect(new Set(customers.map((c) => c.msisdn)).size).toBe(customers.length);
    for (const c of customers) {
      expect(c.msisdn).toMatch(/^1[3-9]\d{9}$/);
      expect(CMCC_PREFIXES).toContain(c.msisdn.slice(0, 3));
      expect(c.idNumber).toHaveLength(18);
      expect(c.idNumber[17]).toBe(idCheckDigit(c.idNumber.slice(0, 17)));
      expect(c.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
      expect(c.usage).toHaveLength(3);
    }
  });

  it('covers every expiry label and some ended holdings', () => {
    const labels = new Map<string, number>();
    let ended = 0;
    for (const h of customers.flatMap((c) => c.holdings)) {
      if (!isCurrent(h.endDate, ctx.seedDate)) ended++;
      else labels.set(expiryLabel(h.endDate, ctx.seedDate), (labels.get(expiryLabel(h.endDate, ctx.seedDate)) ?? 0) + 1);
    }
    expect(labels.get('RED')).toBeGreaterThan(100);
    expect(labels.get('YELLOW')).toBeGreaterThan(100);
    expect(labels.get('GREEN')).toBeGreaterThan(100);
    expect(ended).toBeGreaterThan(10);
    expect(customers.flatMap((c) => c.holdings).every((h) => !h.endDate || h.endDate <= addMonths(ctx.seedDate, 48))).toBe(true);
  });

  it('seeds halls and staff in all 13 cities, most customers in the pilot city', () => {
    expect(new Set(HALLS.map((h) => h.cityCode)).size).toBe(13);
    expect(CITIES).toHaveLength(13);
    expect(STAFF.filter((s) => s.roles.includes('marketing'))).toHaveLength(26);
    const pilot = customers.filter((c) => c.cityCode === PILOT_CITY).length;
    expect(pilot / customers.length).toBeGreaterThan(0.4);
    expect(customers.every((c) => HALLS.some((h) => h.code === c.hallCode && h.cityCode === c.cityCode))).toBe(true);
  });

  it('issues warning orders for some customers with Chinese content', () => {
    const orders = customers.flatMap((c, i) => generateWarningOrders(c, i, ctx));
    expect(orders.length).toBeGreaterThan(100);
    expect(orders.every((o) => o.content.startsWith('【脉动预警'))).toBe(true);
  });
});
