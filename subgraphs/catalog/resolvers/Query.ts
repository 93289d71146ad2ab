import { can } from '../../../lib/auth/identity.js';
import { daysBetween } from '../../../lib/calendar.js';
import { badUserInput, forbidden } from '../../../lib/errors.js';
import { halfWidth } from '../../../lib/halfwidth.js';
import { decodeCardId } from '../domain/card-id.js';
import { ruleMarkdown } from '../domain/rules/markdown.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { pageSize, requireMarketing } from './access.js';

const MAX_PAGE = 100;
const MAX_RANGE_DAYS = 366;

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10000) / 10000);

export const Query: QueryResolvers = {
  package: (_parent, { code }, ctx) => ctx.loaders.package.load(halfWidth(code).trim()),
  async packages(_parent, { filter, first, after }, ctx) {
    const size = first ?? 20;
    if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE)
      throw badUserInput(`first must be 0..${MAX_PAGE}, got ${size} / 每页数量须在0到${MAX_PAGE}之间`, { field: 'first' });
    const yuan = (v: number | null | undefined, field: string) => {
      if (v == null) return null;
      if (!Number.isFinite(v) || v < 0) throw badUserInput(`${field} must be a non-negative amount in yuan / 金额须为非负数`, { field });
      return Math.round(v * 100);
    };
    let cursor: string | null = null;
    if (after) {
      cursor = Buffer.from(after, 'base64url').toString('utf8');
      if (!cursor.startsWith('pkg:')) throw badUserInput('after is not a cursor from this list / 分页游标无效', { field: 'after' });
      cursor = cursor.slice(4);
    }
    const page = await ctx.store.packages({
      city: ctx.identity.city,
      family: filter?.family,
      status: filter && 'status' in filter ? filter.status : 'ONLINE',
      minFeeCents: yuan(filter?.minMonthlyFee, 'filter.minMonthlyFee'),
      maxFeeCents: yuan(filter?.maxMonthlyFee, 'filter.maxMonthlyFee'),
      is5g: filter?.is5g,
      search: filter?.search?.trim() || null,
      after: cursor,
      first: size,
    });
    return { ...page, endCursor: page.endCursor ? Buffer.from(`pkg:${page.endCursor}`).toString('base64url') : null };
  },
  async promotion(_parent, { code }, ctx) {
    const row = await ctx.store.promotion(code);
    return row?.cities.includes(ctx.identity.city) ? row : null;
  },

  catalogVersions: (_p, { first }, ctx) => ctx.store.versions.list(pageSize(first)),
  catalogVersion: (_p, { version }, ctx) => ctx.store.versions.get(version),

  async ruleSet(_p, { version }, ctx) {
    const v = version ?? ctx.live.rulesFor(ctx.identity.city).version;
    return v === 0 ? null : ctx.store.rules.get(ctx.identity.city, v);
  },
  ruleSets: (_p, { first }, ctx) => ctx.store.rules.list(ctx.identity.city, pageSize(first)),
  ruleSetExperiments(_p, { first }, ctx) {
    requireMarketing(ctx, '查看规则实验');
    return ctx.store.experiments.list(ctx.identity.city, pageSize(first));
  },
  async validateRuleSet(_p, { yaml }, ctx) {
    requireMarketing(ctx, '校验规则');
    const { document, problems } = await ctx.store.rules.validate(yaml);
    return { valid: document !== null, problems, ruleCount: document?.rules.length ?? 0 };
  },

  async recommendationConversion(_p, { from, to, by }, ctx) {
    if (!can(ctx.identity, 'recommendation:report')) throw forbidden('无权查看推荐办理率 / not allowed to read conversion figures');
    if (to < from) throw badUserInput('结束日期早于开始日期 / to is before from', { field: 'to' });
    if (daysBetween(from, to) > MAX_RANGE_DAYS) throw badUserInput(`日期区间不超过${MAX_RANGE_DAYS}天 / at most ${MAX_RANGE_DAYS} days`, { field: 'to' });
    // The province (admin) sees every city; everyone else their own.
    const cities = ctx.identity.roles.includes('admin') ? null : [ctx.identity.city];
    const rows = await ctx.store.outcomes.conversion({ cities, from, to, by });
    return rows.map((r) => ({ ...r, conversionRate: ratio(r.ordered, r.shown), acceptanceRate: ratio(r.accepted, r.shown) }));
  },

  async explainCard(_p, { cardId }, ctx) {
    const ref = decodeCardId(cardId, ctx.cardSecret);
    if (!ref) throw badUserInput('不是本系统生成的推荐卡片编号 / not a card id issued by this graph', { field: 'cardId' });
    if (ref.city !== ctx.identity.city) throw forbidden('只能解释本地市的推荐 / cards of other cities are out of scope');
    const set = ref.ruleSetVersion > 0 ? await ctx.store.rules.get(ref.city, ref.ruleSetVersion) : null;
    const rules = (set?.document.rules ?? []).filter((r) => ref.ruleIds.includes(r.id));
    const head = `# 推荐卡片说明\n\n- 套餐：${ref.packageCode}\n- 场景：${ref.scenario}\n- 规则集：${set ? `${set.name}（v${set.version}）` : '无（仅按目录与需求排序）'}\n- 生成日期：${ref.day}\n\n## 引用的规则\n\n`;
    return {
      cardId,
      customerId: ref.customerId,
      packageCode: ref.packageCode,
      scenario: ref.scenario,
      ruleSetVersion: ref.ruleSetVersion,
      rules,
      reasons: ref.reasons ?? rules.map((r) => r.title),
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
