import type { HandlingSessionResolvers } from '../__generated__/resolvers-types.js';
import { attemptsLeft } from '../domain/confirmation.js';
import { sessionScope, type SessionRow } from '../store.js';

export const HandlingSession: HandlingSessionResolvers = {
  // Reached from an event of the events subgraph: read with the caller's scope, as the query is.
  __resolveReference: (ref, ctx) => ctx.store.readSession(ref.id, sessionScope(ctx.identity)),
  customer: (s) => ({ id: s.customer_id }),
  cart: (s: SessionRow) => ({
    package: s.cart.packageCode ? { code: s.cart.packageCode } : null,
    packageName: s.cart.packageName,
    promotion: s.cart.promotion,
    addOns: (s.cart.addOns ?? []).map((a) => ({ package: { code: a.code }, name: a.name, monthlyFee: a.monthlyFee })),
  }),
  form: (s) => (s.form ? { hash: s.form_hash!, content: JSON.stringify(s.form), html: s.form_html!, generatedAt: s.form.generatedAt } : null),
  signature: (s) =>
    s.signature
      ? { format: s.signature.format, bytes: s.signature.bytes, formHash: s.signature.formHash, signedAt: s.signature.signedAt, valid: s.signature.valid }
      : null,
  requiresApproval: (s) => s.requires_approval,
  declaration: (s, _a, ctx) => ctx.loaders.declarationOfSession.load(s.id),
  order: (s, _a, ctx) => (s.order_id ? ctx.loaders.order.load(s.order_id) : null),
  failureReason: (s) => s.failure_reason,
  remoteConfirmation: (s, _a, ctx) =>
    s.confirmation
      ? {
          link: `${ctx.confirmationBase}/${s.confirmation.token}`,
          expiresAt: s.confirmation.expiresAt,
          confirmedAt: s.confirmation.confirmedAt,
          attemptsLeft: attemptsLeft(s.confirmation),
        }
      : null,
  staffId: (s) => s.staff_id,
  hallCode: (s) => s.hall_code,
  createdAt: (s) => s.created_at.toISOString(),
  updatedAt: (s) => s.updated_at.toISOString(),
  expiresAt: (s) => s.expires_at.toISOString(),
};
