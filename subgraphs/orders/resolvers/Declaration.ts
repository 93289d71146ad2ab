import type { DeclarationResolvers } from '../__generated__/resolvers-types.js';
import type { DeclarationRow } from '../store.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const Declaration: DeclarationResolvers = {
  __resolveReference: (ref, ctx) => ctx.store.readDeclaration(ref.id, ctx.identity.city),
  sessionId: (d) => d.session_id,
  customer: (d) => ({ id: d.customer_id }),
  packageCode: (d) => d.package_code,
  tierCode: (d) => d.tier_code,
  declaredBy: (d) => d.declared_by,
  declaredAt: (d) => d.declared_at.toISOString(),
  hallCode: (d) => d.hall_code,
  decidedBy: (d) => d.decided_by,
  decidedAt: (d) => iso(d.decided_at),
  decisionReason: (d) => d.decision_reason,
  autoApprovedBy: (d) => d.auto_approved_by,
  overdue: (d: DeclarationRow, _a, ctx) => ctx.service.overdue(d),
  audit: async (d, _a, ctx) =>
    (await ctx.store.auditOf(`declaration:${d.id}`)).map((a) => ({ at: a.at.toISOString(), actor: a.actor, action: a.action, detail: a.detail })),
};
