import type { RuleKind as RuleKindName } from '../domain/rules/model.js';
import { ruleMarkdown } from '../domain/rules/markdown.js';
import type { RuleKind, RuleResolvers } from '../__generated__/resolvers-types.js';

/** The rule language writes kinds in lower case (docs/rules.md); the schema's enum is upper case. */
const KIND: Record<RuleKindName, RuleKind> = {
  eligibility: 'ELIGIBILITY',
  exclusion: 'EXCLUSION',
  category: 'CATEGORY',
  boost: 'BOOST',
  approval: 'APPROVAL',
  renewal: 'RENEWAL',
  downgrade: 'DOWNGRADE',
};

export const Rule: RuleResolvers = {
  kind: (r) => KIND[r.kind],
  description: (r) => r.description ?? null,
  asMarkdown: (r) => ruleMarkdown(r),
  definition: (r) => JSON.stringify(r),
};
