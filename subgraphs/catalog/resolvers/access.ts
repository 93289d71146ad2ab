import { can } from '../../../lib/auth/identity.js';
import { badUserInput, forbidden } from '../../../lib/errors.js';
import type { Context } from '../context.js';
import type { RuleSetRow } from '../rules-store.js';
import type { RuleSetStatus } from '../__generated__/resolvers-types.js';

export function requireMarketing(ctx: Context, what: string): void {
  if (!can(ctx.identity, 'catalog:manage')) throw forbidden(`只有市场部可以${what} / only the marketing role may do this`);
}

/** A list's `first`, 1..100. */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 1 || n > 100) throw badUserInput(`first must be 1..100, got ${n} / 数量须在1到100之间`, { field: 'first' });
  return n;
}

/** Where a stored rule set stands for this request: the rules it reads are fixed when it starts. */
export function ruleSetStatus(row: RuleSetRow, ctx: Context): RuleSetStatus {
  if (row.status === 'DRAFT') return 'DRAFT';
  if (row.effective_from! > ctx.clock.now()) return 'SCHEDULED';
  return ctx.live.rulesFor(row.city).version === row.version ? 'IN_FORCE' : 'SUPERSEDED';
}
