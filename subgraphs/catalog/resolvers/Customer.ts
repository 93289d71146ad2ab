import { can } from '../../../lib/auth/identity.js';
import { appError, badUserInput, ErrorCode, forbidden } from '../../../lib/errors.js';
import type { Context } from '../context.js';
import { features } from '../domain/facts.js';
import { checkOffer } from '../domain/offer-check.js';
import { explorationDraws } from '../domain/learning/exploration.js';
import { recommend, type LearnedRanking } from '../domain/recommend.js';
import { compileRules, type CompiledRules } from '../domain/rules/compile.js';
import type { Scenario } from '../domain/rules/model.js';
import type { CustomerResolvers } from '../__generated__/resolvers-types.js';
import { cardViews } from './card-views.js';
import type { ExperimentRef } from '../domain/card-id.js';
import { armOf } from '../domain/experiment.js';
import { factsOf, type CustomerRepresentation } from './representation.js';

export const MAX_CARDS = 20;

/** The city's model where the card is shown, with the exploration marketing allows there. */
function learnedRanking(
  city: string,
  segment: string,
  customerId: string,
  scenario: Scenario,
  limit: number,
  rules: CompiledRules,
  ctx: Context,
  explore: boolean,
): LearnedRanking {
  const model = ctx.learner.model(city);
  const now = ctx.clock.now().getTime();
  return {
    model,
    context: { hall: ctx.identity.hall, scenario, staffId: ctx.identity.staffId },
    now,
    evidence: (family) => ctx.learner.evidenceFor(city, ctx.identity.hall, segment, family, now),
    ...explorationDraws({ customerId, day: ctx.today, scenario, limit, observations: model.observations, exploration: rules.exploration, explore }),
  };
}

/**
 * The rules a customer's cards are ranked and checked by: those in force, or, while an experiment
 * runs in the city and the customer falls in its candidate arm, its draft.
 */
function rulesOf(ctx: Context, city: string, customerId: string): { rules: CompiledRules; experiment: ExperimentRef | null } {
  const e = ctx.live.experimentIn(city);
  if (!e) return { rules: ctx.live.rulesFor(city), experiment: null };
  const arm = armOf(e, customerId, ctx.identity.hall);
  return { rules: arm === 'CANDIDATE' ? e.candidate : ctx.live.rulesFor(city), experiment: { id: e.id, arm } };
}

function rank(
  c: CustomerRepresentation,
  scenario: Scenario,
  limit: number,
  rules: CompiledRules,
  ctx: Context,
  explore = true,
  experiment: ExperimentRef | null = null,
) {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CARDS)
    throw badUserInput(`limit must be 1..${MAX_CARDS}, got ${limit} / 推荐数量须在1到${MAX_CARDS}之间`, { field: 'limit' });
  const facts = factsOf(c);
  if (!facts) throw new Error('recommendations: the gateway sent no @requires facts');
  if (facts.city !== ctx.identity.city) throw forbidden('只能为本地市客户推荐 / customers of other cities are out of scope');
  const learned = learnedRanking(facts.city, facts.segment, c.id, scenario, limit, rules, ctx, explore);
  const cards = recommend({ features: features(facts, ctx.live.catalog), catalog: ctx.live.catalog, rules, scenario, limit, day: ctx.today, learned });
  return cardViews(cards, { customerId: c.id, city: facts.city, day: ctx.today, scenario, rules, secret: ctx.cardSecret, experiment });
}

/** Compiled drafts, by city and version: previewing one draft for many sample customers compiles it once. */
const compiledDrafts = new WeakMap<object, Map<string, CompiledRules>>();

export const Customer: CustomerResolvers = {
  offerCheck(c, { packageCode, promotionCode, batchCode, tierCode }, ctx) {
    const facts = factsOf(c);
    if (!facts) throw new Error('offerCheck: the gateway sent no @requires facts');
    if (facts.city !== ctx.identity.city) throw forbidden('只能校验本地市客户 / customers of other cities are out of scope');
    const { rules } = rulesOf(ctx, facts.city, c.id);
    const check = checkOffer(features(facts, ctx.live.catalog), ctx.live.catalog, rules, ctx.today, { packageCode, promotionCode, batchCode, tierCode });
    return { ...check, ruleSetVersion: rules.version };
  },
  recommendations(c, { scenario, limit }, ctx) {
    const { rules, experiment } = rulesOf(ctx, ctx.identity.city, c.id);
    return rank(c, scenario ?? 'COUNTER', limit ?? 3, rules, ctx, true, experiment);
  },
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
    const current = rank(c, scenario ?? 'COUNTER', limit ?? 3, currentRules, ctx, false);
    const proposed = rank(c, scenario ?? 'COUNTER', limit ?? 3, candidate, ctx, false);
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
