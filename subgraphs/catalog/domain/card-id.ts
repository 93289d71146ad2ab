import { createHmac, timingSafeEqual } from 'node:crypto';
import { SCENARIOS, type Scenario } from './rules/model.js';

/**
 * A card id carries what the card was (customer, offer, rules, versions) and is signed, so an
 * outcome or an order can cite a card without the catalog storing every card it ever ranked.
 */
export interface CardRef {
  customerId: string;
  city: string;
  packageCode: string;
  promotionCode: string | null;
  batchCode: string | null;
  tierCode: string | null;
  giftCodes: string[];
  ruleIds: string[];
  ruleSetVersion: number;
  catalogVersion: number;
  scenario: Scenario;
  /** Business date it was ranked on. */
  day: string;
  /** What the learning recommender needs to learn from the card's outcome (absent on older cards). */
  learning?: CardLearning;
  /** The reasons the card gave, as the clerk and the customer read them (absent on older cards). */
  reasons?: string[];
  /** The experiment and arm the card was ranked in, while one ran in the city. */
  experiment?: ExperimentRef;
}

export interface ExperimentRef {
  id: string;
  arm: 'CONTROL' | 'CANDIDATE';
}

/** The card's features as ranked, the heuristic's offset, and who it was shown to: an outcome teaches with them. */
export interface CardLearning {
  features: number[];
  offset: number;
  segment: string;
  family: string;
}

const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(`card:${payload}`).digest().subarray(0, 16);

export function encodeCardId(ref: CardRef, secret: string): string {
  const payload = Buffer.from(JSON.stringify(ref)).toString('base64url');
  return `rc1.${payload}.${sign(payload, secret).toString('base64url')}`;
}

export function decodeCardId(id: string, secret: string): CardRef | null {
  const [prefix, payload, mac, ...rest] = id.split('.');
  if (prefix !== 'rc1' || !payload || !mac || rest.length > 0) return null;
  const given = Buffer.from(mac, 'base64url');
  const expected = sign(payload, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const ref = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CardRef;
    return typeof ref.customerId === 'string' && typeof ref.packageCode === 'string' && SCENARIOS.includes(ref.scenario) ? ref : null;
  } catch {
    return null;
  }
}
