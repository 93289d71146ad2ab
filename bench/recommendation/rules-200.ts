import type { CatalogSnapshot } from '../../subgraphs/catalog/domain/catalog.js';
import { defaultRulesYaml } from '../../subgraphs/catalog/seed.js';
import { parse, stringify } from 'yaml';
import { rngFor } from '../../lib/seed/rng.js';

/** The default rules plus generated campaign, eligibility and exclusion rules: 200 in all, valid YAML. */
export function rules200(snapshot: CatalogSnapshot): string {
  const doc = parse(defaultRulesYaml('镇江')) as { name: string; rules: Record<string, unknown>[] };
  const rng = rngFor('bench-rules', 1);
  const online = [...snapshot.packages.values()].filter((p) => p.online && p.cities.includes('zhenjiang')).map((p) => p.code);
  const tags = ['流量超套', '高流量', '视频重度用户', '无宽带', '价格敏感', '十年老用户', '夜间活跃', '异网双卡'];
  for (let i = 0; doc.rules.length < 200; i++) {
    const packages = Array.from({ length: rng.int(1, 8) }, () => rng.pick(online));
    const kind = i % 4;
    if (kind === 0 || kind === 1) {
      doc.rules.push({
        id: `BOOST-GEN-${i}`,
        kind: 'boost',
        title: `专项营销${i}`,
        appliesTo: { packages },
        weight: Math.round((rng.next() * 0.4 - 0.1) * 100) / 100,
        from: '2026-11-01',
        to: '2027-02-28',
        when: { attribute: 'tags', op: 'contains', value: rng.pick(tags) },
      });
    } else if (kind === 2) {
      doc.rules.push({
        id: `ELIG-GEN-${i}`,
        kind: 'eligibility',
        title: `专项准入${i}`,
        appliesTo: { packages },
        when: {
          any: [
            { attribute: 'arpu', op: 'gte', value: rng.int(20, 120) },
            { attribute: 'tenureMonths', op: 'gte', value: rng.int(6, 60) },
          ],
        },
      });
    } else {
      doc.rules.push({
        id: `EXCL-GEN-${i}`,
        kind: 'exclusion',
        title: `专项排斥${i}`,
        appliesTo: { packages },
        when: {
          all: [
            { attribute: 'tags', op: 'contains', value: rng.pick(tags) },
            { attribute: 'avgDataGb', op: 'lt', value: rng.int(1, 5) },
          ],
        },
      });
    }
  }
  return stringify({ ...doc, name: '镇江市场部推荐规则（200条，基准测试）' }, { lineWidth: 0 });
}
