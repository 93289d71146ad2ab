import { can } from '../../../lib/auth/identity.js';
import { daysBetween } from '../../../lib/calendar.js';
import { badUserInput, forbidden } from '../../../lib/errors.js';
import { decodeCardId } from '../domain/card-id.js';
import { ruleMarkdown } from '../domain/rules/markdown.js';
import type { Rule } from '../domain/rules/model.js';
import { conversion, recordOutcome } from '../outcomes-store.js';
import { ruleSet } from '../rules-store.js';
import type { MutationResolvers, QueryResolvers, RecommendationOutcomeRecordResolvers } from '../__generated__/resolvers-types.js';

export const MAX_RANGE_DAYS = 366;

export const outcomeMutations: Pick<MutationResolvers, 'recordRecommendationOutcome'> = {
  async recordRecommendationOutcome(_p, { input }, ctx) {
    const ref = decodeCardId(input.cardId, ctx.cardSecret);
    if (!ref) throw badUserInput('不是本系统生成的推荐卡片编号 / not a card id issued by this graph', { field: 'input.cardId' });
    if (ref.city !== ctx.identity.city) throw forbidden('只能记录本地市的推荐结果 / outcomes of other cities are out of scope');
    const reason = input.reason?.trim() || null;
    if (input.outcome === 'DECLINED' && !reason) throw badUserInput('拒绝须填写原因 / a declined card needs a reason', { field: 'input.reason' });
    if (reason && reason.length > 500) throw badUserInput('原因不超过500字 / the reason is limited to 500 characters', { field: 'input.reason' });
    if (input.outcome === 'ORDERED' && !input.orderId) throw badUserInput('已办理须给出订单号 / ORDERED needs the order id', { field: 'input.orderId' });
    const { row, created } = await recordOutcome(ctx.db, input.cardId, ref, {
      outcome: input.outcome,
      reason,
      staffId: ctx.identity.staffId,
      hall: ctx.identity.hall,
      orderId: input.orderId ?? null,
      at: ctx.clock.now(),
    });
    return { row, duplicate: !created };
  },
};

export const outcomeQueries: Pick<QueryResolvers, 'recommendationConversion'> = {
  async recommendationConversion(_p, { from, to, by }, ctx) {
    if (!can(ctx.identity, 'recommendation:report')) throw forbidden('无权查看推荐办理率 / not allowed to read conversion figures');
    if (to < from) throw badUserInput('结束日期早于开始日期 / to is before from', { field: 'to' });
    if (daysBetween(from, to) > MAX_RANGE_DAYS) throw badUserInput(`日期区间不超过${MAX_RANGE_DAYS}天 / at most ${MAX_RANGE_DAYS} days`, { field: 'to' });
    // The province (admin) sees every city; everyone else their own.
    const cities = ctx.identity.roles.includes('admin') ? null : [ctx.identity.city];
    const rows = await conversion(ctx.db, { cities, from, to, by });
    return rows.map((r) => ({ ...r, conversionRate: ratio(r.ordered, r.shown), acceptanceRate: ratio(r.accepted, r.shown) }));
  },
};

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10000) / 10000);

export const RecommendationOutcomeRecord: RecommendationOutcomeRecordResolvers = {
  cardId: (r) => r.row.card_id,
  outcome: (r) => r.row.outcome,
  reason: (r) => r.row.reason,
  customerId: (r) => r.row.customer_id,
  packageCode: (r) => r.row.package_code,
  staffId: (r) => r.row.staff_id,
  recordedAt: (r) => r.row.recorded_at.toISOString(),
  duplicate: (r) => r.duplicate,
};

export const explainQueries: Pick<QueryResolvers, 'explainCard'> = {
  async explainCard(_p, { cardId }, ctx) {
    const ref = decodeCardId(cardId, ctx.cardSecret);
    if (!ref) throw badUserInput('不是本系统生成的推荐卡片编号 / not a card id issued by this graph', { field: 'cardId' });
    if (ref.city !== ctx.identity.city) throw forbidden('只能解释本地市的推荐 / cards of other cities are out of scope');
    const set = ref.ruleSetVersion > 0 ? await ruleSet(ctx.db, ref.city, ref.ruleSetVersion) : null;
    const rules = (set?.document.rules ?? []).filter((r) => ref.ruleIds.includes(r.id));
    const head = `# 推荐卡片说明\n\n- 套餐：${ref.packageCode}\n- 场景：${ref.scenario}\n- 规则集：${set ? `${set.name}（v${set.version}）` : '无（仅按目录与需求排序）'}\n- 生成日期：${ref.day}\n\n## 引用的规则\n\n`;
    return {
      cardId,
      customerId: ref.customerId,
      packageCode: ref.packageCode,
      scenario: ref.scenario as never,
      ruleSetVersion: ref.ruleSetVersion,
      rules,
      asMarkdown: head + (rules.length ? rules.map((r) => `- ${ruleMarkdown(r)}`).join('') : '（无规则引用：按客户需求排序）\n'),
      handleInput: {
        cardId,
        customerId: ref.customerId,
        packageCode: ref.packageCode,
        promotionCode: ref.promotionCode,
        batchCode: ref.batchCode,
        tierCode: ref.tierCode,
        giftCodes: ref.giftCodes,
      },
    };
  },
};

export interface CardExplanationView {
  cardId: string;
  customerId: string;
  packageCode: string;
  scenario: 'COUNTER' | 'RENEWAL' | 'RETENTION' | 'ADD_ON';
  ruleSetVersion: number;
  rules: Rule[];
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
