import { can } from '../../../lib/auth/identity.js';
import { badUserInput, forbidden } from '../../../lib/errors.js';
import { publish, saveDraft, validateRules } from '../admin.js';
import type { Context } from '../context.js';
import { ruleMarkdown, ruleSetMarkdown } from '../domain/rules/markdown.js';
import { ruleSet, ruleSets, type RuleSetRow } from '../rules-store.js';
import type { MutationResolvers, QueryResolvers, RuleResolvers, RuleSetResolvers, RuleSetStatus } from '../__generated__/resolvers-types.js';

export function requireMarketing(ctx: Context, what: string): void {
  if (!can(ctx.identity, 'catalog:manage')) throw forbidden(`只有市场部可以${what} / only the marketing role may do this`);
}

function status(row: RuleSetRow, ctx: Context): RuleSetStatus {
  if (row.status === 'DRAFT') return 'DRAFT';
  if (row.effective_from! > ctx.clock.now()) return 'SCHEDULED';
  return ctx.live.rulesFor(row.city).version === row.version ? 'IN_FORCE' : 'SUPERSEDED';
}

const pageSize = (first: number | null | undefined) => {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > 100) throw badUserInput(`first must be 1..100, got ${n} / 数量须在1到100之间`, { field: 'first' });
  return n;
};

export const ruleQueries: Pick<QueryResolvers, 'ruleSet' | 'ruleSets' | 'validateRuleSet'> = {
  async ruleSet(_p, { version }, ctx) {
    const v = version ?? ctx.live.rulesFor(ctx.identity.city).version;
    return v === 0 ? null : ruleSet(ctx.db, ctx.identity.city, v);
  },
  ruleSets: (_p, { first }, ctx) => ruleSets(ctx.db, ctx.identity.city, pageSize(first)),
  async validateRuleSet(_p, { yaml }, ctx) {
    requireMarketing(ctx, '校验规则');
    const { document, problems } = await validateRules(ctx.db, yaml);
    return { valid: document !== null, problems, ruleCount: document?.rules.length ?? 0 };
  },
};

export const ruleMutations: Pick<MutationResolvers, 'saveRuleSetDraft' | 'publishRuleSet'> = {
  async saveRuleSetDraft(_p, { input }, ctx) {
    requireMarketing(ctx, '保存规则草稿');
    return saveDraft(ctx.db, ctx.identity.city, input.yaml, input.note?.trim() ?? '', ctx.identity.staffId, ctx.clock.now());
  },
  async publishRuleSet(_p, { input }, ctx) {
    requireMarketing(ctx, '发布规则');
    const now = ctx.clock.now();
    const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : now;
    const row = await publish(
      ctx.db,
      ctx.identity.city,
      { draftVersion: input.draftVersion, yaml: input.yaml, effectiveFrom, note: input.note?.trim() ?? '' },
      ctx.identity.staffId,
      now,
    );
    // This instance swaps at once; the others within their poll interval.
    await ctx.liveCatalog.refresh();
    ctx.live = ctx.liveCatalog.current;
    return row;
  },
};

export const RuleSet: RuleSetResolvers = {
  status: (row, _args, ctx) => status(row, ctx),
  effectiveFrom: (row) => row.effective_from?.toISOString() ?? null,
  createdBy: (row) => row.created_by,
  createdAt: (row) => row.created_at.toISOString(),
  publishedBy: (row) => row.published_by,
  publishedAt: (row) => row.published_at?.toISOString() ?? null,
  yaml: (row) => row.source_yaml,
  rules: (row) => row.document.rules,
  asMarkdown: (row, _args, ctx) =>
    ruleSetMarkdown(row.document, { version: row.version, city: row.city, effectiveFrom: row.effective_from?.toISOString() ?? null, status: status(row, ctx) }),
};

export const Rule: RuleResolvers = {
  kind: (r) => r.kind.toUpperCase() as never,
  description: (r) => r.description ?? null,
  asMarkdown: (r) => ruleMarkdown(r),
  definition: (r) => JSON.stringify(r),
};
