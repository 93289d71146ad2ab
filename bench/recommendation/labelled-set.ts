import { generateCustomer, seedContext, type SeedCustomer } from '../../lib/seed/customers.js';
import { rngFor } from '../../lib/seed/rng.js';
import { offeredPackages, type CatalogPackage, type CatalogSnapshot } from '../../subgraphs/catalog/domain/catalog.js';
import { seededFacts } from '../../test/helpers/seeded-recommender.js';
import type { CustomerFacts } from '../../subgraphs/catalog/domain/facts.js';

/**
 * The labelled set: customers with a hidden preference model, and the package each accepted.
 * Written apart from the recommender and sharing none of its scoring: each customer has their
 * own (unobserved) valuation of data, price sensitivity, appetite for 5G, broadband and video,
 * and contract aversion; they accept the offer of highest utility among what a clerk may sell
 * them, or nothing when keeping their plan is better.
 */
export interface Labelled {
  facts: CustomerFacts;
  accepted: string;
}

const BASE = new Set(['FIVE_G', 'FAMILY', 'YOUTH', 'BASIC']);

interface Taste {
  /** How much data the customer truly wants, GB a month: usage plus unobserved headroom. */
  dataWanted: number;
  /** Yuan of value per GB up to what they want. */
  perGb: number;
  /** Disutility per yuan of monthly fee increase. */
  priceWeight: number;
  fiveG: number;
  broadband: number;
  video: number;
  contractAversion: number;
  noise: () => number;
}

function tasteOf(c: SeedCustomer, index: number): Taste {
  const rng = rngFor('hidden-taste', index);
  const usedGb = Math.max(...c.usage.map((u) => u.dataMb / 1024));
  const gumbel = () => -Math.log(-Math.log(Math.max(1e-9, rng.next())));
  return {
    dataWanted: usedGb * (1 + rng.next() * 0.6),
    perGb: 0.8 + rng.next() * 1.6,
    priceWeight: (c.tags.includes('价格敏感') ? 1.6 : 1) * (0.5 + rng.next()) * (c.arpuCents >= 19800 ? 0.5 : 1),
    fiveG: c.tags.includes('5G终端未开5G套餐') ? 15 + rng.next() * 20 : rng.next() * 6,
    broadband:
      c.tags.some((t) => t.startsWith('家庭成员')) && c.tags.includes('无宽带') ? 40 + rng.next() * 40 : c.tags.includes('无宽带') ? rng.next() * 15 : 0,
    video: c.tags.includes('视频重度用户') ? 10 + rng.next() * 10 : 0,
    contractAversion: rng.next() * 8,
    noise: () => gumbel() * 4,
  };
}

function utility(t: Taste, _c: SeedCustomer, p: CatalogPackage, current: CatalogPackage | undefined): number {
  const currentFee = current?.monthlyFee ?? 0;
  const currentData = current?.dataGb ?? 0;
  if (BASE.has(p.family)) {
    const gained = Math.min(p.dataGb, t.dataWanted) - Math.min(currentData, t.dataWanted);
    const extra = p.monthlyFee - currentFee;
    return (
      gained * t.perGb -
      Math.max(0, extra) * t.priceWeight +
      Math.max(0, -extra) * 0.3 +
      (p.is5g && !current?.is5g ? t.fiveG : 0) +
      (p.broadbandMbps && !current?.broadbandMbps ? t.broadband : 0) -
      (p.contractMonths > 0 ? t.contractAversion : 0)
    );
  }
  if (p.family === 'DATA_ADDON')
    return (Math.min(currentData + p.dataGb, t.dataWanted) - Math.min(currentData, t.dataWanted)) * t.perGb - p.monthlyFee * t.priceWeight;
  if (p.family === 'RIGHTS') return (/视频|VIP|芒果|爱奇艺|优酷/.test(p.name) ? t.video : 0) - p.monthlyFee * t.priceWeight;
  if (p.family === 'BROADBAND') return (!p.name.includes('提速') ? t.broadband : 0) - p.monthlyFee * t.priceWeight * 0.6;
  return -p.monthlyFee * t.priceWeight;
}

/** What a clerk may sell: offered in the city, general or the customer's own edition, never a cheaper base plan. */
function sellable(c: SeedCustomer, p: CatalogPackage, current: CatalogPackage | undefined, tenure: number): boolean {
  if (p.family === 'VOICE_ADDON') return false;
  const editionFits =
    p.audience === 'GENERAL' ||
    (p.audience === 'CAMPUS' && c.segment === 'YOUTH') ||
    (p.audience === 'SENIOR' && c.segment === 'SENIOR') ||
    (p.audience === 'NEW_SUBSCRIBER' && tenure <= 1);
  if (!editionFits) return false;
  if (p.code.startsWith('QQT') && c.arpuCents < 12000 && c.segment !== 'HIGH_VALUE') return false;
  if (p.family === 'YOUTH' && c.segment !== 'YOUTH' && current?.family !== 'YOUTH') return false;
  if (BASE.has(p.family) && current && p.monthlyFee < current.monthlyFee) return false;
  return true;
}

export function labelledSet(snapshot: CatalogSnapshot, day: string, count: number, firstIndex = 1_000_000): Labelled[] {
  const ctx = seedContext(day);
  const out: Labelled[] = [];
  for (let i = firstIndex; out.length < count; i++) {
    const c = generateCustomer(i, ctx);
    if (c.cityCode !== 'zhenjiang') continue;
    const facts = seededFacts(c, day);
    const held = new Set(c.holdings.map((h) => h.packageCode));
    const current = snapshot.packages.get(c.currentPackageCode);
    const taste = tasteOf(c, i);
    let best: { code: string; u: number } | null = null;
    for (const p of offeredPackages(snapshot, c.cityCode, day)) {
      if (held.has(p.code) || !sellable(c, p, current, facts.tenureMonths)) continue;
      const u = utility(taste, c, p, current) + taste.noise();
      if (!best || u > best.u) best = { code: p.code, u };
    }
    // Keeping what they have is worth the noise floor: below it, they walk away and are not labelled.
    if (best && best.u > 4 + taste.noise()) out.push({ facts, accepted: best.code });
  }
  return out;
}
