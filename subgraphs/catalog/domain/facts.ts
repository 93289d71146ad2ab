import type { CatalogPackage, CatalogSnapshot } from './catalog.js';
import { BASE_FAMILIES, type Attribute, type ExpiryLabel, type Family } from './rules/model.js';

/** What customer insight tells the catalog about a customer (the @requires selection). */
export interface CustomerFacts {
  id: string;
  city: string;
  arpu: number;
  tenureMonths: number;
  segment: string;
  tags: readonly string[];
  usage: readonly { month: string; dataMb: number; voiceMinutes: number; overageFee: number }[];
  holdings: readonly {
    kind: 'PACKAGE' | 'PROMOTION' | 'CONTRACT';
    packageCode: string | null;
    promotionCode: string | null;
    tierCode: string | null;
    endDate: string | null;
    expiryLabel: ExpiryLabel;
    monthlyFee: number;
  }[];
}

/** Facts joined with the catalogue: what conditions read and what the ranking weighs. */
export interface Features {
  facts: CustomerFacts;
  attributes: Record<Attribute, number | string | readonly string[]>;
  currentBase: CatalogPackage | null;
  heldCodes: ReadonlySet<string>;
  heldPackages: readonly CatalogPackage[];
  avgDataGb: number;
  lastDataGb: number;
  /** The most data used in one month of the last three. */
  maxDataGb: number;
  avgVoice: number;
  avgOverage: number;
  dataTrend: number;
  hasBroadband: boolean;
  familySize: number;
}

const avg = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);

export function features(facts: CustomerFacts, catalog: CatalogSnapshot): Features {
  const usage = [...facts.usage].sort((a, b) => (a.month < b.month ? -1 : 1));
  const dataGb = usage.map((u) => u.dataMb / 1024);
  const heldPackages = facts.holdings.flatMap((h) => {
    const p = h.packageCode ? catalog.packages.get(h.packageCode) : undefined;
    return p ? [p] : [];
  });
  const bases = heldPackages.filter((p) => BASE_FAMILIES.includes(p.family));
  const currentBase = bases.sort((a, b) => b.monthlyFee - a.monthlyFee)[0] ?? null;
  const hasBroadband = heldPackages.some((p) => p.broadbandMbps !== null) || facts.tags.includes('宽带用户');
  const familyTag = facts.tags.map((t) => /^家庭成员(\d+)人$/.exec(t)).find(Boolean);
  const first = dataGb[0] ?? 0;
  const last = dataGb.at(-1) ?? 0;
  const f = {
    facts,
    currentBase,
    heldCodes: new Set(heldPackages.map((p) => p.code)),
    heldPackages,
    avgDataGb: avg(dataGb),
    lastDataGb: last,
    maxDataGb: Math.max(0, ...dataGb),
    avgVoice: avg(usage.map((u) => u.voiceMinutes)),
    avgOverage: avg(usage.map((u) => u.overageFee)),
    dataTrend: first > 0 ? last / first - 1 : 0,
    hasBroadband,
    familySize: familyTag ? Number(familyTag[1]) : 1,
  };
  const attributes: Features['attributes'] = {
    arpu: facts.arpu,
    tenureMonths: facts.tenureMonths,
    segment: facts.segment,
    city: facts.city,
    tags: facts.tags,
    avgDataGb: round2(f.avgDataGb),
    avgVoiceMinutes: Math.round(f.avgVoice),
    avgOverageFee: round2(f.avgOverage),
    dataTrend: round2(f.dataTrend),
    currentMonthlyFee: currentBase?.monthlyFee ?? 0,
    currentFamily: currentBase?.family ?? '',
    currentPackage: currentBase?.code ?? '',
    heldPackages: heldPackages.map((p) => p.code),
    heldFamilies: [...new Set<Family>(heldPackages.map((p) => p.family))],
    heldPromotions: facts.holdings.flatMap((h) => (h.promotionCode ? [h.promotionCode] : [])),
    expiringLabels: [...new Set(facts.holdings.map((h) => h.expiryLabel))],
    hasBroadband: String(hasBroadband),
  };
  return { ...f, attributes };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
