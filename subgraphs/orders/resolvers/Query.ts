import { badUserInput } from '../../../lib/errors.js';
import { maskMsisdn } from '../../../lib/mask.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { sessionScope } from '../store.js';

export const Query: QueryResolvers = {
  order: (_parent, { id }, ctx) => ctx.store.order(id, ctx.identity.city),
  handlingSession: (_p, { id }, ctx) => ctx.store.readSession(id, sessionScope(ctx.identity)),
  async declarationQueue(_p, { status, first }, ctx) {
    const n = first ?? 50;
    if (!Number.isInteger(n) || n < 1 || n > 500) throw badUserInput('first must be 1..500 / 数量须在1到500之间', { field: 'first' });
    return ctx.store.queue(ctx.identity.city, status ?? 'PENDING', n);
  },
  declaration: (_p, { id }, ctx) => ctx.store.readDeclaration(id, ctx.identity.city),
  async smsOutbox(_p, { first }, ctx) {
    const n = first ?? 20;
    if (!Number.isInteger(n) || n < 1 || n > 200) throw badUserInput('first must be 1..200 / 数量须在1到200之间', { field: 'first' });
    return (await ctx.outbox.recent(ctx.identity.city, n)).map((m) => ({
      id: m.id,
      to: maskMsisdn(m.to_msisdn),
      purpose: m.purpose,
      text: m.text,
      sentAt: m.sent_at.toISOString(),
    }));
  },
};
