import { describe, expect, it } from 'vitest';
import { parseCatalogCsv, parseCatalogJson } from '../../subgraphs/catalog/domain/import.js';

const PACKAGES_CSV = `code,name,brand,family,audience,monthly_fee,data_gb,voice_minutes,is_5g,broadband_mbps,contract_months,status,valid_from,valid_to,cities,description
5GCX99,5G畅享套餐99元,中国移动,FIVE_G,GENERAL,99,25,300,true,,0,ONLINE,2026-01-01,,zhenjiang|nanjing,月费99元
QJX199,全家享融合套餐199元,中国移动,FAMILY,GENERAL,199,100,1200,true,1000,0,ONLINE,2026-01-01,2027-06-30,zhenjiang,含宽带
`;
const PROMOTIONS_CSV = `promotion_code,promotion_name,kind,description,cities,families,batch_code,batch_name,batch_valid_from,batch_valid_to,tier_code,tier_name,min_monthly_fee,contract_months,monthly_discount,prepayment,deposit,one_time,gifts
P1,冬季存费送费,PREPAY_BONUS,存费送费,zhenjiang,FIVE_G|FAMILY,P1-B1,第一批,2026-11-01,2027-01-31,P1-B1-T1,98元档,98,12,10,196,,,G1:话费券50元:50:100|G2:蓝牙耳机:199:5
P1,冬季存费送费,PREPAY_BONUS,存费送费,zhenjiang,FIVE_G|FAMILY,P1-B1,第一批,2026-11-01,2027-01-31,P1-B1-T2,198元档,198,24,30,396,,,
`;

describe('catalogue import', () => {
  it('reads a CSV catalogue into rows, amounts in cents', () => {
    const r = parseCatalogCsv(PACKAGES_CSV, PROMOTIONS_CSV);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.rows.packages).toHaveLength(2);
    expect(r.rows.packages[0]).toMatchObject({
      code: '5GCX99',
      monthly_fee_cents: 9900,
      is_5g: true,
      broadband_mbps: null,
      cities: ['zhenjiang', 'nanjing'],
      valid_to: null,
    });
    expect(r.rows.promotions).toEqual([
      { code: 'P1', name: '冬季存费送费', kind: 'PREPAY_BONUS', description: '存费送费', cities: ['zhenjiang'], families: ['FIVE_G', 'FAMILY'] },
    ]);
    expect(r.rows.batches).toHaveLength(1);
    expect(r.rows.tiers.map((t) => [t.code, t.ordinal, t.min_monthly_fee_cents])).toEqual([
      ['P1-B1-T1', 0, 9800],
      ['P1-B1-T2', 1, 19800],
    ]);
    expect(r.rows.fees).toEqual([
      { tier_code: 'P1-B1-T1', kind: 'PREPAYMENT', amount_cents: 19600 },
      { tier_code: 'P1-B1-T2', kind: 'PREPAYMENT', amount_cents: 39600 },
    ]);
    expect(r.rows.gifts.map((g) => [g.code, g.value_cents, g.stock])).toEqual([
      ['G1', 5000, 100],
      ['G2', 19900, 5],
    ]);
  });

  it('refuses the whole CSV and reports every bad row with its line and reason', () => {
    const bad = `${PACKAGES_CSV}BAD1,坏套餐,中国移动,SIX_G,GENERAL,-5,1,1,maybe,,0,ONLINE,2026-02-30,,atlantis,x
5GCX99,重复编码,中国移动,FIVE_G,GENERAL,99,25,300,true,,0,ONLINE,2026-01-01,2025-01-01,zhenjiang,x
`;
    const r = parseCatalogCsv(bad, null);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const on = (line: number) => r.problems.filter((p) => p.line === line).map((p) => p.field);
    expect(on(4)).toEqual(expect.arrayContaining(['family', 'monthlyFee', 'is5g', 'validFrom', 'cities']));
    expect(on(5)).toEqual(expect.arrayContaining(['validTo', 'code']));
    expect(r.problems.every((p) => p.record === 'packages.csv' && p.message.length > 0)).toBe(true);
  });

  it('reads JSON and points each bad record at its line', () => {
    const json = `{
  "packages": [
    { "code": "A1", "name": "甲", "family": "FIVE_G", "monthlyFee": 58, "is5g": true, "status": "ONLINE", "validFrom": "2026-01-01", "cities": ["zhenjiang"] },
    { "code": "A2", "name": "乙", "family": "FIVE_G", "monthlyFee": "cheap", "status": "ON", "validFrom": "2026-01-01", "cities": ["zhenjiang"] }
  ],
  "promotions": [
    { "code": "P1", "name": "活动", "kind": "MIN_SPEND", "cities": ["zhenjiang"], "families": ["FIVE_G"],
      "batches": [ { "code": "P1-B1", "name": "一批", "validFrom": "2026-11-01", "validTo": "2026-10-01",
        "tiers": [ { "code": "T1", "name": "档", "minMonthlyFee": 58, "contractMonths": 12, "gifts": [ { "code": "G", "name": "礼", "value": 10, "stock": -1 } ] } ] } ] }
  ]
}`;
    const r = parseCatalogJson(json);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.line, p.record, p.field])).toEqual([
      [4, 'packages[1]', 'monthlyFee'],
      [4, 'packages[1]', 'status'],
      [8, 'promotions[0].batches[0]', 'validTo'],
      [9, 'promotions[0].batches[0].tiers[0].gifts[0]', 'stock'],
    ]);
  });

  it('reports malformed JSON with its line', () => {
    const r = parseCatalogJson('{\n  "packages": [\n    { "code": "A1", }\n  ]\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].line).toBeGreaterThanOrEqual(3);
  });
});
