import type { Audience, Family } from './rules/model.js';

/**
 * The catalogue as the recommender reads it: one immutable, in-memory snapshot per catalogue
 * version (a few thousand objects), swapped whole when a new version is imported.
 */
export interface CatalogPackage {
  code: string;
  name: string;
  family: Family;
  audience: Audience;
  /** Yuan per month. */
  monthlyFee: number;
  dataGb: number;
  voiceMinutes: number;
  is5g: boolean;
  broadbandMbps: number | null;
  contractMonths: number;
  online: boolean;
  validFrom: string;
  validTo: string | null;
  cities: readonly string[];
}

export interface CatalogGift {
  code: string;
  name: string;
  value: number;
  stock: number;
}

export interface CatalogTier {
  code: string;
  name: string;
  minMonthlyFee: number;
  contractMonths: number;
  monthlyDiscount: number;
  /** How many of the gifts one customer may choose. */
  giftChoices: number;
  gifts: CatalogGift[];
}

export interface CatalogBatch {
  code: string;
  name: string;
  validFrom: string;
  validTo: string;
  tiers: CatalogTier[];
}

export interface CatalogPromotion {
  code: string;
  name: string;
  kind: string;
  cities: readonly string[];
  families: readonly Family[];
  batches: CatalogBatch[];
}

export interface CatalogSnapshot {
  version: number;
  packages: ReadonlyMap<string, CatalogPackage>;
  promotions: readonly CatalogPromotion[];
}

export function isOffered(p: CatalogPackage, city: string, day: string): boolean {
  return p.online && p.validFrom <= day && (p.validTo === null || day <= p.validTo) && p.cities.includes(city);
}

/** Current promotions of a city by family, cached per (snapshot, city, day): the recommender asks per card. */
const promotionIndex = new WeakMap<CatalogSnapshot, Map<string, Map<Family, { promotion: CatalogPromotion; batch: CatalogBatch }[]>>>();
export function currentPromotions(snapshot: CatalogSnapshot, city: string, day: string, family: Family) {
  let perSnapshot = promotionIndex.get(snapshot);
  if (!perSnapshot) promotionIndex.set(snapshot, (perSnapshot = new Map()));
  const key = `${city}|${day}`;
  let byFamily = perSnapshot.get(key);
  if (!byFamily) {
    byFamily = new Map();
    for (const promotion of snapshot.promotions) {
      if (!promotion.cities.includes(city)) continue;
      const batch = promotion.batches.find((b) => b.validFrom <= day && day <= b.validTo);
      if (!batch) continue;
      for (const f of promotion.families) {
        const list = byFamily.get(f) ?? [];
        list.push({ promotion, batch });
        byFamily.set(f, list);
      }
    }
    if (perSnapshot.size > 64) perSnapshot.clear();
    perSnapshot.set(key, byFamily);
  }
  return byFamily.get(family) ?? [];
}

/** A current promotion tier for a family, with its gifts in stock and what it is worth to the customer. */
export interface PromotionOffer {
  promotion: CatalogPromotion;
  batchCode: string;
  tier: CatalogTier;
  gifts: CatalogGift[];
  value: number;
}

const offerIndex = new WeakMap<CatalogSnapshot, Map<string, PromotionOffer[]>>();

/**
 * Every tier of the current promotions for a family in a city, richest first (ties: lower tier
 * code first, then catalogue order), built once per snapshot, city, day and family.
 */
export function promotionOffers(snapshot: CatalogSnapshot, city: string, day: string, family: Family): readonly PromotionOffer[] {
  let perSnapshot = offerIndex.get(snapshot);
  if (!perSnapshot) offerIndex.set(snapshot, (perSnapshot = new Map()));
  const key = `${city}|${day}|${family}`;
  let offers = perSnapshot.get(key);
  if (!offers) {
    offers = currentPromotions(snapshot, city, day, family).flatMap(({ promotion, batch }) =>
      batch.tiers.map((tier) => {
        // The card suggests as many gifts as the tier lets a customer choose: the most valuable in stock.
        const gifts = tier.gifts
          .filter((g) => g.stock > 0)
          .sort((a, b) => b.value - a.value)
          .slice(0, tier.giftChoices);
        return {
          promotion,
          batchCode: batch.code,
          tier,
          gifts,
          value: tier.monthlyDiscount * Math.max(tier.contractMonths, 1) + gifts.reduce((sum, g) => sum + g.value, 0),
        };
      }),
    );
    offers.sort((a, b) => b.value - a.value || (a.tier.code < b.tier.code ? -1 : a.tier.code > b.tier.code ? 1 : 0));
    if (perSnapshot.size > 512) perSnapshot.clear();
    perSnapshot.set(key, offers);
  }
  return offers;
}

/** Offered packages of a city on a day, cached the same way: the candidate list of every request. */
const offeredIndex = new WeakMap<CatalogSnapshot, Map<string, CatalogPackage[]>>();
export function offeredPackages(snapshot: CatalogSnapshot, city: string, day: string): CatalogPackage[] {
  let perSnapshot = offeredIndex.get(snapshot);
  if (!perSnapshot) offeredIndex.set(snapshot, (perSnapshot = new Map()));
  const key = `${city}|${day}`;
  let list = perSnapshot.get(key);
  if (!list) {
    list = [...snapshot.packages.values()].filter((p) => isOffered(p, city, day)).sort((a, b) => (a.code < b.code ? -1 : 1));
    if (perSnapshot.size > 64) perSnapshot.clear();
    perSnapshot.set(key, list);
  }
  return list;
}
