import { can } from '../../../lib/auth/identity.js';
import { badUserInput, forbidden } from '../../../lib/errors.js';
import { decodeCardId } from '../domain/card-id.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import type { Context } from '../context.js';
import { requireMarketing } from './access.js';

const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export const Mutation: MutationResolvers = {
  async importCatalog(_p, { input }, ctx) {
    requireMarketing(ctx, '导入产品目录');
    const size = [input.json, input.packagesCsv, input.promotionsCsv].reduce((s, x) => s + (x ? Buffer.byteLength(x) : 0), 0);
    if (size > MAX_IMPORT_BYTES) throw badUserInput(`导入内容超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB / the import is too large`, { field: 'input' });
    const importer = { staffId: ctx.identity.staffId, city: ctx.identity.city, province: can(ctx.identity, 'catalog:province') };
    const result = await ctx.store.versions.import(input, importer, ctx.clock.now());
    if (result.version) {
      await ctx.liveCatalog.refresh();
      ctx.live = ctx.liveCatalog.current;
    }
    return result;
  },

  async saveRuleSetDraft(_p, { input }, ctx) {
    requireMarketing(ctx, '保存规则草稿');
    return ctx.store.rules.saveDraft(ctx.identity.city, input.yaml, input.note?.trim() ?? '', ctx.identity.staffId, ctx.clock.now());
  },
  async publishRuleSet(_p, { input }, ctx) {
    requireMarketing(ctx, '发布规则');
    const now = ctx.clock.now();
    const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : now;
    const row = await ctx.store.rules.publish(
      ctx.identity.city,
      { draftVersion: input.draftVersion, yaml: input.yaml, effectiveFrom, note: input.note?.trim() ?? '' },
      ctx.identity.staffId,
      now,
    );
    await swapNow(ctx);
    return row;
  },

  async startRuleSetExperiment(_p, { input }, ctx) {
    requireMarketing(ctx, '开始规则实验');
    const row = await ctx.store.experiments.start(ctx.identity.city, input, ctx.identity.staffId, ctx.clock.now());
    await swapNow(ctx);
    return row;
  },
  async promoteRuleSetExperiment(_p, { id }, ctx) {
    requireMarketing(ctx, '推广规则实验');
    const row = await ctx.store.experiments.end(ctx.identity.city, id, 'PROMOTED', ctx.identity.staffId, ctx.clock.now());
    await swapNow(ctx);
    return row;
  },
  async stopRuleSetExperiment(_p, { id }, ctx) {
    requireMarketing(ctx, '停止规则实验');
    const row = await ctx.store.experiments.end(ctx.identity.city, id, 'STOPPED', ctx.identity.staffId, ctx.clock.now());
    await swapNow(ctx);
    return row;
  },

  async recordRecommendationOutcome(_p, { input }, ctx) {
    const ref = decodeCardId(input.cardId, ctx.cardSecret);
    if (!ref) throw badUserInput('不是本系统生成的推荐卡片编号 / not a card id issued by this graph', { field: 'input.cardId' });
    if (ref.city !== ctx.identity.city) throw forbidden('只能记录本地市的推荐结果 / outcomes of other cities are out of scope');
    const reason = input.reason?.trim() || null;
    if (input.outcome === 'DECLINED' && !reason) throw badUserInput('拒绝须填写原因 / a declined card needs a reason', { field: 'input.reason' });
    if (reason && reason.length > 500) throw badUserInput('原因不超过500字 / the reason is limited to 500 characters', { field: 'input.reason' });
    if (input.outcome === 'ORDERED' && !input.orderId) throw badUserInput('已办理须给出订单号 / ORDERED needs the order id', { field: 'input.orderId' });
    const { row, created } = await ctx.store.outcomes.record(input.cardId, ref, {
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

/** This instance swaps to what was just written at once; the others within their poll interval. */
async function swapNow(ctx: Context): Promise<void> {
  await ctx.liveCatalog.refresh();
  ctx.live = ctx.liveCatalog.current;
}
