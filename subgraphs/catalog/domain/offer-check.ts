import { isOffered, type CatalogSnapshot } from './catalog.js';
import type { Features } from './facts.js';
import type { CompiledRules } from './rules/compile.js';
import { evaluate, selects } from './rules/evaluate.js';
import { BASE_FAMILIES } from './rules/model.js';

export type OfferProblemCode =
  | 'UNKNOWN_PACKAGE'
  | 'NOT_OFFERED'
  | 'INELIGIBLE'
  | 'EXCLUDED'
  | 'DOWNGRADE_NOT_ALLOWED'
  | 'UNKNOWN_TIER'
  | 'TIER_NOT_CURRENT'
  | 'TIER_NOT_FOR_PACKAGE';

export interface OfferCheck {
  allowed: boolean;
  requiresApproval: boolean;
  approvalRuleIds: string[];
  /** The approval rules whose autoApproveWhen holds for this customer: a declaration is approved at once. */
  autoApprovalRuleIds: string[];
  problems: { code: OfferProblemCode; message: string; ruleId: string | null }[];
  currentMonthlyFee: number;
}

/**
 * Whether one offer (a package, optionally with a promotion batch and tier) may be handled for
 * this customer today: the same hard rules the recommender keeps, asked about one offer, for the
 * order subgraph to check a cart against.
 */
export function checkOffer(
  f: Features,
  catalog: CatalogSnapshot,
  rules: CompiledRules,
  day: string,
  offer: { packageCode: string; promotionCode?: string | null; batchCode?: string | null; tierCode?: string | null },
): OfferCheck {
  const problems: OfferCheck['problems'] = [];
  const problem = (code: OfferProblemCode, message: string, ruleId: string | null = null) => problems.push({ code, message, ruleId });
  const current = f.currentBase;
  const p = catalog.packages.get(offer.packageCode);
  const approvalRuleIds: string[] = [];
  const autoApprovalRuleIds: string[] = [];
  if (!p) {
    problem('UNKNOWN_PACKAGE', `套餐 ${offer.packageCode} 不在目录中 / no such package`);
  } else {
    if (!isOffered(p, f.facts.city, day)) problem('NOT_OFFERED', `套餐 ${p.code} 今日在本地市不可售（下线、过期或非本地市） / not on sale here today`);
    const holds = (c: Parameters<typeof evaluate>[0]) => evaluate(c, f.attributes);
    const pr = rules.perPackage.get(p.code);
    for (const r of pr?.eligibility ?? []) if (!holds(r.when)) problem('INELIGIBLE', `不符合准入规则「${r.title}」 / not eligible`, r.id);
    for (const r of pr?.exclusion ?? []) {
      if (r.when && holds(r.when)) problem('EXCLUDED', `排斥规则「${r.title}」 / excluded`, r.id);
      if (r.conflictsWith && f.heldPackages.some((h) => selects(r.conflictsWith!, h)))
        problem('EXCLUDED', `与客户已持有业务互斥：「${r.title}」 / conflicts with a holding`, r.id);
    }
    if (BASE_FAMILIES.includes(p.family) && current && p.monthlyFee < current.monthlyFee) {
      const decrease = current.monthlyFee - p.monthlyFee;
      const allowed = rules.downgrade.some((r) => holds(r.when) && (r.maxDecrease === undefined || decrease <= r.maxDecrease));
      if (!allowed) problem('DOWNGRADE_NOT_ALLOWED', `月费低于当前主套餐${decrease}元，无降档许可 / a downgrade no rule allows`);
    }
    for (const r of pr?.approval ?? []) {
      if (r.when && !holds(r.when)) continue;
      approvalRuleIds.push(r.id);
      if (r.autoApproveWhen && holds(r.autoApproveWhen)) autoApprovalRuleIds.push(r.id);
    }
    if (offer.tierCode) {
      const promotion = catalog.promotions.find((x) => x.code === offer.promotionCode);
      const batch = promotion?.batches.find((b) => b.code === offer.batchCode);
      const tier = batch?.tiers.find((t) => t.code === offer.tierCode);
      if (!promotion || !batch || !tier)
        problem('UNKNOWN_TIER', `促销 ${offer.promotionCode}/${offer.batchCode}/${offer.tierCode} 不在目录中 / no such promotion tier`);
      else {
        if (!promotion.cities.includes(f.facts.city) || day < batch.validFrom || day > batch.validTo)
          problem('TIER_NOT_CURRENT', `批次 ${batch.code} 今日在本地市不在有效期 / the batch is not running here today`);
        if (!promotion.families.includes(p.family))
          problem('TIER_NOT_FOR_PACKAGE', `活动「${promotion.name}」不适用于${p.name} / the promotion does not apply to this package`);
        else if (tier.minMonthlyFee > p.monthlyFee)
          problem('TIER_NOT_FOR_PACKAGE', `档次要求月消费不低于${tier.minMonthlyFee}元，套餐月费${p.monthlyFee}元 / the tier needs a higher monthly fee`);
      }
    }
  }
  return {
    allowed: problems.length === 0,
    requiresApproval: approvalRuleIds.length > 0,
    approvalRuleIds,
    autoApprovalRuleIds,
    problems,
    currentMonthlyFee: current?.monthlyFee ?? 0,
  };
}
