import type { CustomerFacts } from '../domain/facts.js';

/** A Customer as the gateway hands it over: its key plus the @requires fields from customer insight. */
export interface CustomerRepresentation {
  id: string;
  arpu?: number;
  tenureMonths?: number;
  segment?: string;
  tags?: string[];
  city?: { code: string };
  usage?: { month: string; dataMb: number; voiceMinutes: number; overageFee: number }[];
  holdings?: {
    kind: 'PACKAGE' | 'PROMOTION' | 'CONTRACT';
    package: { code: string } | null;
    promotionCode: string | null;
    tierCode: string | null;
    endDate: string | null;
    expiryLabel: 'RED' | 'YELLOW' | 'GREEN';
    monthlyFee: number;
  }[];
}

export function factsOf(c: CustomerRepresentation): CustomerFacts | null {
  if (c.arpu === undefined || !c.city || !c.usage || !c.holdings || !c.tags || c.tenureMonths === undefined || !c.segment) return null;
  return {
    id: c.id,
    city: c.city.code,
    arpu: c.arpu,
    tenureMonths: c.tenureMonths,
    segment: c.segment,
    tags: c.tags,
    usage: c.usage,
    holdings: c.holdings.map((h) => ({ ...h, packageCode: h.package?.code ?? null })),
  };
}
