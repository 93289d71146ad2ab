import { features } from '../subgraphs/catalog/domain/facts.js';
import { recommend } from '../subgraphs/catalog/domain/recommend.js';
import { defaultRules, seededSnapshot } from '../subgraphs/catalog/offline.js';
import { labelledSet } from '../bench/recommendation/labelled-set.js';
const DAY = '2026-11-24';
const snapshot = seededSnapshot(DAY);
const rules = defaultRules('zhenjiang', snapshot, DAY);
const set = labelledSet(snapshot, DAY, 1000);
const fam = new Map<string, number>(); const recFam = new Map<string, number>();
let shown = 0;
for (const x of set) {
  const p = snapshot.packages.get(x.accepted)!;
  fam.set(p.family + (p.contractMonths ? '-C' : ''), (fam.get(p.family + (p.contractMonths ? '-C' : '')) ?? 0) + 1);
  const cards = recommend({ features: features(x.facts, snapshot), catalog: snapshot, rules, scenario: 'COUNTER', limit: 3, day: DAY });
  const r = cards[0]?.package; if (r) recFam.set(r.family + (r.contractMonths ? '-C' : ''), (recFam.get(r.family + (r.contractMonths ? '-C' : '')) ?? 0) + 1);
  if (shown < 8 && cards[0]?.package.code !== x.accepted) { shown++; const f = features(x.facts, snapshot); console.log(f.currentBase?.code, f.avgDataGb.toFixed(1), x.facts.tags.join(','), '=> accepted', x.accepted, p.monthlyFee, '| rec', cards.map(c => c.package.code + ':' + c.package.monthlyFee).join(' ')); }
}
console.log('accepted', [...fam].sort((a,b)=>b[1]-a[1]));
console.log('rec top1', [...recFam].sort((a,b)=>b[1]-a[1]));
