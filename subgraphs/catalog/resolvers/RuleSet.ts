import { ruleSetMarkdown } from '../domain/rules/markdown.js';
import type { RuleSetResolvers } from '../__generated__/resolvers-types.js';
import { ruleSetStatus } from './access.js';

export const RuleSet: RuleSetResolvers = {
  status: (row, _args, ctx) => ruleSetStatus(row, ctx),
  effectiveFrom: (row) => row.effective_from?.toISOString() ?? null,
  createdBy: (row) => row.created_by,
  createdAt: (row) => row.created_at.toISOString(),
  publishedBy: (row) => row.published_by,
  publishedAt: (row) => row.published_at?.toISOString() ?? null,
  yaml: (row) => row.source_yaml,
  rules: (row) => row.document.rules,
  asMarkdown: (row, _args, ctx) =>
    ruleSetMarkdown(row.document, {
      version: row.version,
      city: row.city,
      effectiveFrom: row.effective_from?.toISOString() ?? null,
      status: ruleSetStatus(row, ctx),
    }),
};
