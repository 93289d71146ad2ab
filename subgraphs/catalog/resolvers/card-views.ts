import type { CatalogGift, CatalogTier } from '../domain/catalog.js';
import { encodeCardId, type ExperimentRef } from '../domain/card-id.js';
import type { Card } from '../domain/recommend.js';
import type { CompiledRules } from '../domain/rules/compile.js';
import type { Rule, Scenario } from '../domain/rules/model.js';
import type { GiftRow, TierRow } from '../store.js';

export interface SuggestionView {
  promotionCode: string;
  promotionName: string;
  batchCode: string;
  tier: TierRow;
  gifts: GiftRow[];
}

export interface CardView {
  readonly id: string;
  card: Card;
  customerId: string;
  suggestion: SuggestionView | null;
  ruleSetVersion: number;
  catalogVersion: number;
}

export interface PreviewView {
  current: CardView[];
  candidate: CardView[];
  currentVersion: number;
  candidateVersion: number;
}

const tierRow = (t: CatalogTier, batchCode: string): TierRow => ({
  code: t.code,
  batch_code: batchCode,
  ordinal: 0,
  name: t.name,
  min_monthly_fee_cents: Math.round(t.minMonthlyFee * 100),
  contract_months: t.contractMonths,
  monthly_discount_cents: Math.round(t.monthlyDiscount * 100),
  gift_choices: t.giftChoices,
});
const giftRow = (g: CatalogGift, tierCode: string): GiftRow => ({
  code: g.code,
  tier_code: tierCode,
  name: g.name,
  value_cents: Math.round(g.value * 100),
  stock: g.stock,
});

export function cardViews(
  cards: Card[],
  ctx: { customerId: string; city: string; day: string; scenario: Scenario; rules: CompiledRules; secret: string; experiment?: ExperimentRef | null },
): CardView[] {
  return cards.map((card) => {
    const s = card.promotion;
    const suggestion = s
      ? {
          promotionCode: s.promotion.code,
          promotionName: s.promotion.name,
          batchCode: s.batchCode,
          tier: tierRow(s.tier, s.batchCode),
          gifts: s.gifts.map((g) => giftRow(g, s.tier.code)),
        }
      : null;
    let id: string | undefined;
    return {
      // Signed on first use: the counter's dashboard shows cards without asking for their ids.
      get id() {
        return (id ??= encodeCardId(
          {
            customerId: ctx.customerId,
            city: ctx.city,
            packageCode: card.package.code,
            promotionCode: suggestion?.promotionCode ?? null,
            batchCode: suggestion?.batchCode ?? null,
            tierCode: suggestion?.tier.code ?? null,
            giftCodes: handleGifts(suggestion),
            ruleIds: card.ruleIds,
            ruleSetVersion: ctx.rules.version,
            catalogVersion: ctx.rules.catalogVersion,
            scenario: ctx.scenario,
            day: ctx.day,
            ...(card.learning ? { learning: card.learning } : {}),
            reasons: card.reasons.map((r) => r.text),
            ...(ctx.experiment ? { experiment: ctx.experiment } : {}),
          },
          ctx.secret,
        ));
      },
      card,
      customerId: ctx.customerId,
      suggestion,
      ruleSetVersion: ctx.rules.version,
      catalogVersion: ctx.rules.catalogVersion,
    };
  });
}

/** The card pre-selects the most valuable gift in stock; the clerk can change it in the cart. */
export const handleGifts = (s: SuggestionView | null) =>
  s && s.gifts.length > 0 ? [[...s.gifts].sort((a, b) => b.value_cents - a.value_cents || (a.code < b.code ? -1 : 1))[0].code] : [];

export interface CardExplanationView {
  cardId: string;
  customerId: string;
  packageCode: string;
  scenario: Scenario;
  ruleSetVersion: number;
  rules: Rule[];
  reasons: string[];
  asMarkdown: string;
  handleInput: {
    cardId: string;
    customerId: string;
    packageCode: string;
    promotionCode: string | null;
    batchCode: string | null;
    tierCode: string | null;
    giftCodes: string[];
  };
}
