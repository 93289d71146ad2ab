import {
  offeredPackages,
  promotionOffers,
  type CatalogGift,
  type CatalogPackage,
  type CatalogPromotion,
  type CatalogSnapshot,
  type CatalogTier,
} from './catalog.js';
import type { Features } from './facts.js';
import type { CardLearning } from './card-id.js';
import { cardFeaturesOf, type CardContext } from './learning/features.js';
import type { AcceptanceModel } from './learning/model.js';
import type { CompiledRules, PackageRules } from './rules/compile.js';
import { evaluate, selects, selectsHolding } from './rules/evaluate.js';
import {
  ADD_ON_FAMILIES,
  BASE_FAMILIES,
  FAMILIES,
  FAMILY_ZH,
  type BoostRule,
  type Condition,
  type DowngradeRule,
  type Family,
  type Rule,
  type Scenario,
} from './rules/model.js';

export type ReasonEffect = 'ADMITTED' | 'RANKED' | 'CAUTION';
export interface Reason {
  text: string;
  ruleId: string | null;
  effect: ReasonEffect;
}

export interface SuggestedPromotion {
  promotion: CatalogPromotion;
  batchCode: string;
  tier: CatalogTier;
  gifts: CatalogGift[];
}

export interface Card {
  rank: number;
  package: CatalogPackage;
  promotion: SuggestedPromotion | null;
  monthlyFeeChange: number;
  fitScore: number;
  reasons: Reason[];
  requiresApproval: boolean;
  /** Every rule that admitted, ranked or cautioned the card. */
  ruleIds: string[];
  /** What an outcome of this card teaches the model (ranked with one). */
  learning?: CardLearning;
  /** Shown to learn how customers take it (Thompson sampling), not because it ranked highest. */
  exploratory?: boolean;
}

/** The learnt part of a ranking: the city's model, where the card is shown, and what it has seen. */
export interface LearnedRanking {
  model: AcceptanceModel;
  context: CardContext;
  /** Business time of the ranking, ms. */
  now: number;
  evidence(family: Family): { shown: number; accepted: number } | null;
  /** A standard normal draw for Thompson sampling; null ranks by the posterior mean alone. */
  normal: (() => number) | null;
  /** Exploratory cards allowed among `limit` (marketing's limit for the scenario). */
  maxExploratory: number;
}

export interface RecommendInput {
  features: Features;
  catalog: CatalogSnapshot;
  rules: CompiledRules;
  scenario: Scenario;
  limit: number;
  /** Business date, Asia/Shanghai. */
  day: string;
  learned?: LearnedRanking;
}

/**
 * The probit-scale weight of the rule-based need score (and of a marketing boost, on the same
 * scale): an unlearnt model orders cards exactly as the need score and boosts do, and learnt
 * weights move them from there. The scale only says how soon evidence outweighs the heuristic:
 * 0.75 scored best of 0.5, 0.75 and 1.5 in the hall replica (`bench/hall-replica.ts`), within its noise.
 */
const NEED_SCALE = 0.75;
/** Evidence shown on a card once a hall has shown this many like it. */
const MIN_EVIDENCE = 20;

/** Families a scenario considers before any category rule narrows them. */
const SCENARIO_FAMILIES: Record<Scenario, readonly Family[]> = {
  COUNTER: FAMILIES,
  RENEWAL: FAMILIES,
  RETENTION: FAMILIES,
  ADD_ON: ADD_ON_FAMILIES,
};
const URGENCY: Record<string, number> = { RED: 2, YELLOW: 1 };

interface Renewal {
  level: number;
  rule: Rule;
  holdingName: string;
  label: string;
}

/** An offered package that passed the hard rules, with what ranks it. */
interface Candidate {
  p: CatalogPackage;
  pr: PackageRules | undefined;
  due: Renewal | undefined;
  allowance: DowngradeRule | undefined;
  feeChange: number;
  /** Need score plus marketing boosts. */
  score: number;
  /** The rule-based need score alone. */
  need: number;
  /** Learnt: the posterior mean score plus the boosts (probit scale), which orders the cards. */
  value: number;
  /** Learnt: the calibrated probability of acceptance. */
  acceptance: number | null;
  learning: CardLearning | undefined;
  urgency: number;
  /** Position in the offered list, which is in package-code order: the last tie-break. */
  order: number;
}

/** The offered packages of a city and day, each with its rules, per rule set: what every ranking walks. */
const withRules = new WeakMap<CompiledRules, WeakMap<readonly CatalogPackage[], { p: CatalogPackage; pr: PackageRules | undefined; isBase: boolean }[]>>();

function offeredWithRules(rules: CompiledRules, offered: readonly CatalogPackage[]) {
  let perList = withRules.get(rules);
  if (!perList) withRules.set(rules, (perList = new WeakMap()));
  let list = perList.get(offered);
  if (!list) perList.set(offered, (list = offered.map((p) => ({ p, pr: rules.perPackage.get(p.code), isBase: BASE_FAMILIES.includes(p.family) }))));
  return list;
}

/**
 * Ranks the offers of the customer's city for one customer. Hard rules filter (offline, out of
 * period, other city, eligibility, exclusion, category, downgrade policy); needs, expiry urgency
 * and marketing boosts rank. Pure and synchronous: the whole catalogue is in memory.
 */
export function recommend({ features: f, catalog, rules, scenario, limit, day, learned }: RecommendInput): Card[] {
  const attrs = f.attributes;
  const memo = new Map<Condition, boolean>();
  const holds = (c: Condition) => {
    let v = memo.get(c);
    if (v === undefined) memo.set(c, (v = evaluate(c, attrs)));
    return v;
  };

  // Category control for the scenario: the intersection of every allow list, minus denials.
  let allowed = new Set<Family>(SCENARIO_FAMILIES[scenario]);
  const limits = new Map<Family, { n: number; rule: Rule }>();
  for (const rule of rules.category) {
    if (!rule.scenarios.includes(scenario)) continue;
    if (rule.allow) allowed = new Set([...allowed].filter((x) => rule.allow!.includes(x)));
    for (const d of rule.deny ?? []) allowed.delete(d);
    for (const [family, n] of Object.entries(rule.maxPerFamily ?? {}) as [Family, number][]) {
      const prev = limits.get(family);
      if (!prev || n < prev.n) limits.set(family, { n, rule });
    }
  }

  // Expiry urgency: RED/YELLOW holdings put their renewal mapping first.
  const urgency = new Map<string, Renewal>();
  for (const h of f.facts.holdings) {
    const level = URGENCY[h.expiryLabel];
    if (!level) continue;
    const held = h.packageCode ? catalog.packages.get(h.packageCode) : undefined;
    for (const rule of rules.renewal) {
      if (!selectsHolding(rule.from, h, held)) continue;
      for (const code of rule.offer) {
        const prev = urgency.get(code);
        if (!prev || prev.level < level) urgency.set(code, { level, rule, holdingName: held?.name ?? h.promotionCode ?? '当前业务', label: h.expiryLabel });
      }
    }
  }

  const current = f.currentBase;
  const downgrades = rules.downgrade.filter((r) => holds(r.when));
  const active = (r: BoostRule) => !((r.from && day < r.from) || (r.to && day > r.to) || (r.when && !holds(r.when)));

  // Every offered package is filtered and scored; only the cards shown get their reasons written.
  const ranked: Candidate[] = [];
  const needs = needInputs(f);
  const broadbandOnlyInBase = current?.broadbandMbps != null && !f.heldPackages.some((h) => h !== current && h.broadbandMbps !== null);
  const promotedFamilies = new Map<Family, boolean>();
  const hasPromotion = (family: Family) => {
    let v = promotedFamilies.get(family);
    if (v === undefined) promotedFamilies.set(family, (v = promotionOffers(catalog, f.facts.city, day, family).length > 0));
    return v;
  };
  const offered = offeredWithRules(rules, offeredPackages(catalog, f.facts.city, day));
  const featuresOf = learned ? cardFeaturesOf(f, learned.context) : null;
  candidates: for (let order = 0; order < offered.length; order++) {
    const { p, pr, isBase } = offered[order];
    if (!allowed.has(p.family)) continue;
    const due = urgency.size ? urgency.get(p.code) : undefined;
    if (!due && f.heldCodes.has(p.code)) continue;
    if (pr) {
      for (const r of pr.eligibility) if (!holds(r.when)) continue candidates;
      for (const r of pr.exclusion) {
        if (r.when && holds(r.when)) continue candidates;
        if (r.conflictsWith && f.heldPackages.some((h) => selects(r.conflictsWith!, h))) continue candidates;
        if (r.conflictsWith && (r.conflictsWith.promotions ?? []).some((code) => (attrs.heldPromotions as string[]).includes(code))) continue candidates;
      }
    }
    // A plan that leaves the customer worse off is no offer: less data than they both have and use,
    // or a personal plan in place of the family plan that carries their only broadband.
    if (isBase && current && p.dataGb < current.dataGb && p.dataGb < f.maxDataGb) continue;
    if (isBase && broadbandOnlyInBase && p.broadbandMbps === null) continue;
    const feeChange = isBase ? p.monthlyFee - (current?.monthlyFee ?? 0) : p.monthlyFee;
    let allowance: DowngradeRule | undefined;
    if (isBase && current && feeChange < 0) {
      // ARPU policy: never a cheaper base plan unless a downgrade rule allows it for this customer.
      allowance = downgrades.find((r) => r.maxDecrease === undefined || -feeChange <= r.maxDecrease);
      if (!allowance) continue;
    }
    const need = needScore(f, needs, p, feeChange, null);
    let boost = 0;
    if (pr) for (const r of pr.boost) if (active(r)) boost += r.weight;
    let value = need + boost;
    let acceptance: number | null = null;
    let learning: CardLearning | undefined;
    if (learned && featuresOf) {
      const promoted = hasPromotion(p.family);
      const featureIds = featuresOf(p, feeChange, need, promoted);
      const offset = NEED_SCALE * (need - 0.5);
      const estimate = learned.model.estimate(featureIds, learned.now, offset);
      value = estimate.mean + NEED_SCALE * boost;
      acceptance = estimate.acceptance;
      learning = { features: featureIds, offset, segment: f.facts.segment, family: p.family };
    }
    ranked.push({ p, pr, due, allowance, feeChange, score: need + boost, need, value, acceptance, learning, urgency: due?.level ?? 0, order });
  }

  ranked.sort((a, b) => b.urgency - a.urgency || b.value - a.value || a.order - b.order);
  // Thompson sampling for the last slots marketing allows to explore: a card the model is unsure of
  // gets its chance in proportion to how likely it is to be the best.
  const exploring = learned?.normal ? Math.min(learned.maxExploratory, Math.max(0, limit - 1)) : 0;
  const sampled = new Map<Candidate, number>();
  if (exploring > 0 && learned?.normal) {
    for (const c of ranked) {
      if (!c.learning) continue;
      sampled.set(c, learned.model.sample(c.learning.features, learned.now, learned.normal, c.learning.offset));
    }
  }

  const perFamily = new Map<Family, number>();
  const chosen: Card[] = [];
  const taken = new Set<Candidate>();
  const exploratoryOrder = [...sampled.keys()].filter((c) => c.urgency === 0).sort((a, b) => sampled.get(b)! - sampled.get(a)!);
  const passes: [Candidate[], number, boolean][] = [
    [ranked, limit - exploring, false],
    [exploratoryOrder, limit, true],
    [ranked, limit, false],
  ];
  for (const [order, upTo, exploring] of passes)
    for (const entry of order) {
      if (chosen.length >= upTo) break;
      // A sampled card the ranking would have shown next anyway is no exploration.
      const exploratory = exploring && entry !== ranked.find((c) => !taken.has(c));
      take(entry, exploratory);
    }
  return chosen;

  function take(entry: Candidate, exploratory: boolean): boolean {
    if (taken.has(entry)) return false;
    const { p, pr, due, allowance, feeChange } = entry;
    const cap = limits.get(p.family);
    const count = perFamily.get(p.family) ?? 0;
    if (cap && count >= cap.n) return false;
    // Mutually exclusive offers never appear together: neither side's conflict rule may match the other.
    const clash = chosen.some(
      (c) =>
        (pr?.exclusion ?? []).some((r) => r.conflictsWith && selects(r.conflictsWith, c.package)) ||
        (rules.perPackage.get(c.package.code)?.exclusion ?? []).some((r) => r.conflictsWith && selects(r.conflictsWith, p)),
    );
    if (clash) return false;
    taken.add(entry);
    perFamily.set(p.family, count + 1);

    // Reasons in the order a clerk reads them: urgency, admission, needs, marketing, cautions, category.
    const reasons: Reason[] = [];
    const ruleIds: string[] = [];
    if (due)
      reasons.push({
        text: `「${due.holdingName}」即将到期（${due.label === 'RED' ? '红色，一个月内' : '黄色，三个月内'}），按续约映射「${due.rule.title}」优先推荐`,
        ruleId: due.rule.id,
        effect: 'RANKED',
      });
    for (const r of pr?.eligibility ?? []) {
      reasons.push({ text: `符合准入规则「${r.title}」`, ruleId: r.id, effect: 'ADMITTED' });
      ruleIds.push(r.id);
    }
    if (allowance) {
      reasons.push({ text: `降档许可「${allowance.title}」：月费降低${fmt(-feeChange)}元`, ruleId: allowance.id, effect: 'ADMITTED' });
      ruleIds.push(allowance.id);
    }
    needScore(f, needs, p, feeChange, reasons);
    if (learned) {
      const seen = learned.evidence(p.family);
      if (seen && seen.shown >= MIN_EVIDENCE)
        reasons.push({
          text: `本厅同类客户近30天接受${FAMILY_ZH[p.family]}比例${Math.round((seen.accepted / seen.shown) * 100)}%（${seen.shown}次展示）`,
          ruleId: null,
          effect: 'RANKED',
        });
      if (exploratory) reasons.push({ text: '试推：本类推荐样本尚少，试探客户接受度', ruleId: null, effect: 'RANKED' });
    }
    if (due) ruleIds.push(due.rule.id);
    for (const r of pr?.boost ?? []) {
      if (!active(r)) continue;
      reasons.push({ text: `营销加权「${r.title}」${r.weight >= 0 ? '+' : ''}${r.weight}`, ruleId: r.id, effect: 'RANKED' });
      ruleIds.push(r.id);
    }
    let requiresApproval = false;
    for (const r of pr?.approval ?? []) {
      if (r.when && !holds(r.when)) continue;
      requiresApproval = true;
      reasons.push({ text: `需目标用户申报审批：「${r.title}」`, ruleId: r.id, effect: 'CAUTION' });
      ruleIds.push(r.id);
    }
    const ids = [...new Set(ruleIds)];
    if (cap) {
      reasons.push({ text: `品类管控「${cap.rule.title}」：${FAMILY_ZH[p.family]}最多推荐${cap.n}个`, ruleId: cap.rule.id, effect: 'ADMITTED' });
      if (!ids.includes(cap.rule.id)) ids.push(cap.rule.id);
    }
    chosen.push({
      package: p,
      promotion: suggestPromotion(catalog, f.facts.city, day, p),
      monthlyFeeChange: round2(feeChange),
      fitScore: clamp01(entry.acceptance ?? entry.score),
      reasons,
      requiresApproval,
      ruleIds: ids,
      rank: chosen.length + 1,
      learning: entry.learning,
      exploratory: exploratory || undefined,
    });
    return true;
  }
}

/** The richest tier of a current promotion for the package's family that the package's fee reaches. */
export function suggestPromotion(catalog: CatalogSnapshot, city: string, day: string, p: CatalogPackage): SuggestedPromotion | null {
  const offer = promotionOffers(catalog, city, day, p.family).find((o) => o.tier.minMonthlyFee <= p.monthlyFee);
  return offer ? { promotion: offer.promotion, batchCode: offer.batchCode, tier: offer.tier, gifts: offer.gifts } : null;
}

/** What every package's need score reads of the customer, worked out once per ranking. */
interface NeedInputs {
  arpu: number;
  dataNeed: number;
  priceSensitive: boolean;
  contractEnding: boolean;
  fiveGDeviceWithout5g: boolean;
  heavyVideo: boolean;
}

function needInputs(f: Features): NeedInputs {
  const tags = f.facts.tags;
  return {
    arpu: Math.max(f.facts.arpu, 20),
    dataNeed: Math.max(f.avgDataGb, f.lastDataGb) * 1.15,
    priceSensitive: tags.includes('价格敏感'),
    contractEnding: tags.includes('合约即将到期'),
    fiveGDeviceWithout5g: tags.includes('5G终端未开5G套餐'),
    heavyVideo: tags.includes('视频重度用户'),
  };
}

/**
 * How well a package meets the customer's needs, 0..1; given a list, the reasons in Chinese are
 * added to it. Base plans are judged on covering usage at a sensible price; add-ons on filling a gap.
 */
function needScore(f: Features, n: NeedInputs, p: CatalogPackage, feeChange: number, reasons: Reason[] | null): number {
  // Texts are built only when asked for: every offered package is scored, three are shown.
  const need = (text: () => string) => reasons?.push({ text: text(), ruleId: null, effect: 'RANKED' });
  const { arpu, dataNeed } = n;
  const current = f.currentBase;
  let score = 0.3;

  if (BASE_FAMILIES.includes(p.family)) {
    if (p.dataGb >= dataNeed) {
      score += 0.3 - Math.min(0.2, (p.dataGb - dataNeed) / Math.max(dataNeed * 4, 20));
      need(() => `近三月月均流量${fmt(f.avgDataGb)}GB，本套餐含${fmt(p.dataGb)}GB，可覆盖`);
    } else {
      score += 0.25 * (p.dataGb / Math.max(dataNeed, 1)) - 0.1;
    }
    if (p.voiceMinutes >= f.avgVoice) score += 0.05;
    else score -= 0.05;
    const rise = feeChange / arpu;
    const sensitive = n.priceSensitive ? 2 : 1;
    if (rise <= 0) score += 0.1;
    else if (rise <= 0.35) score += 0.1 - rise * 0.4 * sensitive;
    else score -= (rise - 0.35) * 0.8 * sensitive + 0.04;
    if (f.avgOverage > 0 && current && p.dataGb > current.dataGb) {
      score += Math.min(0.2, f.avgOverage / 100);
      need(() => `近三月月均超套费${fmt(f.avgOverage)}元，升档后流量更足`);
    }
    if (f.dataTrend > 0.2 && current && p.dataGb > current.dataGb) {
      score += 0.05;
      need(() => `流量较三个月前增长${Math.round(f.dataTrend * 100)}%`);
    }
    if (p.is5g && current && !current.is5g && n.fiveGDeviceWithout5g) {
      score += 0.12;
      need(() => '已用5G终端但未开5G套餐');
    }
    if (p.family === 'FAMILY') {
      if (!f.hasBroadband && f.familySize >= 2) {
        score += 0.15;
        need(() => `家庭成员${f.familySize}人且无宽带，融合套餐含${p.broadbandMbps}M宽带`);
      } else if (f.hasBroadband && current?.family !== 'FAMILY') {
        score += 0.08;
        need(() => '已有宽带，融合后宽带与手机合并计费更省');
      } else if (f.familySize < 2 && !f.hasBroadband) score -= 0.1;
    }
    if (p.family === 'BASIC' && f.avgDataGb > 3) score -= 0.2;
    if (current && p.family === current.family) score += 0.04;
    // Paying more for less than the customer has today is no offer.
    if (current && feeChange > 0 && p.dataGb < current.dataGb && p.voiceMinutes <= current.voiceMinutes) score -= 0.2;
    if (p.contractMonths > 0 && n.contractEnding) score += 0.03;
    if (p.contractMonths > 0 && n.priceSensitive) score += 0.02;
  } else if (p.family === 'DATA_ADDON') {
    // Under half a gigabyte is no gap worth a data pack (nor a reason saying "about 0 GB").
    const gap = dataNeed - (current?.dataGb ?? 0);
    if (gap >= 0.5 && p.dataGb >= gap) {
      score += 0.45 - Math.min(0.2, (p.dataGb - gap) / 40);
      need(() => `月均流量超出主套餐约${fmt(gap)}GB，本流量包可补足`);
    } else if (gap >= 0.5) score += 0.1 * (p.dataGb / gap);
    else score -= 0.15;
    if (f.avgOverage > 0) score += Math.min(0.15, f.avgOverage / 100);
    score -= (p.monthlyFee / arpu) * 0.3;
  } else if (p.family === 'VOICE_ADDON') {
    const gap = f.avgVoice - (current?.voiceMinutes ?? 0);
    if (gap > 0 && p.voiceMinutes >= gap) {
      score += 0.25;
      need(() => `月均通话超出主套餐约${Math.round(gap)}分钟`);
    } else score -= 0.15;
    score -= (p.monthlyFee / arpu) * 0.3;
  } else if (p.family === 'RIGHTS') {
    if (n.heavyVideo && /视频|VIP|芒果|爱奇艺|优酷/.test(p.name)) {
      score += 0.4;
      need(() => '视频重度用户，权益包更划算');
    } else score -= 0.05;
    score -= (p.monthlyFee / arpu) * 0.3;
  } else if (p.family === 'BROADBAND') {
    if (!f.hasBroadband && !p.name.includes('提速')) {
      score += f.familySize >= 2 ? 0.2 : 0.05;
      if (f.familySize >= 2) need(() => `家庭成员${f.familySize}人且无宽带`);
    } else if (f.hasBroadband && p.name.includes('提速')) score += 0.08;
    else score -= 0.2;
    score -= (p.monthlyFee / arpu) * 0.2;
  }
  return score;
}

const clamp01 = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
const round2 = (x: number) => Math.round(x * 100) / 100;
const fmt = (x: number) => String(Math.round(x * 10) / 10);
