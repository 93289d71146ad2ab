import { can } from '../../../lib/auth/identity.js';
import { appError, badUserInput, ErrorCode, forbidden } from '../../../lib/errors.js';
import type { Context } from '../context.js';
import { features } from '../domain/facts.js';
import { checkOffer } from '../domain/offer-check.js';
import { recommend } from '../domain/recommend.js';
import { compileRules, type CompiledRules } from '../domain/rules/compile.js';
import type { Scenario } from '../domain/rules/model.js';
import type { CustomerResolvers } from '../__generated__/resolvers-types.js';
import { cardViews } from './card-views.js';
import { factsOf, type CustomerRepresentation } from './representation.js';

export const MAX_CARDS = 20;

function rank(c: CustomerRepresentation, scenario: Scenario, limit: number, rules: CompiledRules, ctx: Context) {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CARDS)
    throw badUserInput(`limit must be 1..${MAX_CARDS}, got ${limit} / 推荐数量须在1到${MAX_CARDS}之间`, { field: 'limit' });
  const facts = factsOf(c);
  if (!facts) throw new Error('recommendations: the gateway sent no @requires facts');
  if (facts.city !== ctx.identity.city) throw forbidden('只能为本地市客户推荐 / customers of other cities are out of scope');
  const cards = recommend({ features: features(facts, ctx.live.catalog), catalog: ctx.live.catalog, rules, scenario, limit, day: ctx.today });
  return cardViews(cards, { customerId: c.id, city: facts.city, day: ctx.today, scenario, rules, secret: ctx.cardSecret });
}

/** Compiled drafts, by city and version: previewing one draft for many sample customers compiles it once. */
const compiledDrafts = new WeakMap<object, Map<string, CompiledRules>>();

export const Customer: CustomerResolvers = {
  offerCheck(c, { packageCode, promotionCode, batchCode, tierCode }, ctx) {
    const facts = factsOf(c);
    if (!facts) throw new Error('offerCheck: the gateway sent no @requires facts');
    if (facts.city !== ctx.identity.city) throw forbidden('只能校验本地市客户 / customers of other cities are out of scope');
    const rules = ctx.live.rulesFor(facts.city);
    const check = checkOffer(features(facts, ctx.live.catalog), ctx.live.catalog, rules, ctx.today, { packageCode, promotionCode, batchCode, tierCode });
    return { ...check, ruleSetVersion: rules.version };
  },
  recommendations: (c, { scenario, limit }, ctx) => rank(c, scenario ?? 'COUNTER', limit ?? 3, ctx.live.rulesFor(ctx.identity.city), ctx),
  async recommendationPreview(c, { ruleSetVersion, scenario, limit }, ctx) {
    if (!can(ctx.identity, 'catalog:manage')) throw forbidden('只有市场部可以预览规则草稿 / only marketing may preview rule sets');
    const city = ctx.identity.city;
    let perState = compiledDrafts.get(ctx.live);
    if (!perState) compiledDrafts.set(ctx.live, (perState = new Map()));
    let candidate = perState.get(`${city}:${ruleSetVersion}`);
    if (!candidate) {
      const row = await ctx.store.rules.get(city, ruleSetVersion);
      if (!row) throw appError(ErrorCode.NOT_FOUND, `本地市没有规则集版本 ${ruleSetVersion} / no such rule set version`, { field: 'ruleSetVersion' });
      candidate = compileRules(
        { version: row.version, city, effectiveFrom: row.effective_from?.toISOString() ?? '', document: row.document },
        ctx.live.catalog,
      );
      perState.set(`${city}:${ruleSetVersion}`, candidate);
    }
    const currentRules = ctx.live.rulesFor(city);
    const current = rank(c, scenario ?? 'COUNTER', limit ?? 3, currentRules, ctx);
    const proposed = rank(c, scenario ?? 'COUNTER', limit ?? 3, candidate, ctx);
    const codes = (cards: typeof current) => new Set(cards.map((v) => v.card.package.code));
    const before = codes(current);
    const after = codes(proposed);
    return {
      current,
      candidate: proposed,
      currentVersion: currentRules.version,
      candidateVersion: candidate.version,
      added: [...after].filter((x) => !before.has(x)),
      removed: [...before].filter((x) => !after.has(x)),
    };
  },
};
