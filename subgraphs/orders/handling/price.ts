import { ErrorCode, appError } from '../../../lib/errors.js';
import type { Identity } from '../../../lib/auth/identity.js';
import type { SessionRow } from '../store.js';
import { addOnsOf, price } from '../domain/cart.js';
import { canDo } from '../domain/states.js';
import { illegal, type HandlingFlow } from './kit.js';
import type { SessionStepInput } from '../__generated__/resolvers-types.js';

/** Pricing from the catalogue and the rules as they are now, never from the client. */
export function priceSteps(flow: HandlingFlow) {
  const { graph, clock, save, step, inScope, offer, requireAllowed } = flow;
  return {
    async priceCart(identity: Identity, input: SessionStepInput): Promise<SessionRow> {
      const current = await inScope(identity, input.sessionId);
      if (!canDo('price', current.status)) throw illegal('price', current);
      const ctx = await offer(identity, current.customer_id, current.cart);
      requireAllowed(ctx, 'input.sessionId');
      if (current.cart.promotion && !ctx.tier)
        throw appError(ErrorCode.NOT_ELIGIBLE, '所选促销档次已不可用 / the chosen tier is no longer available', { field: 'input.sessionId' });
      // Each add-on is checked and priced again: the catalogue or the rules may have changed.
      const addOns = await Promise.all(
        addOnsOf(current.cart).map(async (a) => {
          const c = await graph.offerContext(identity, { customerId: current.customer_id, packageCode: a.code });
          requireAllowed(c, 'input.sessionId');
          return { code: a.code, name: c.package!.name, monthlyFee: c.package!.monthlyFee, requiresApproval: c.check?.requiresApproval ?? false };
        }),
      );
      return step(identity, input, 'price', 'price', async (tx, s) => {
        const priced = addOns.map(({ requiresApproval: _r, ...a }) => a);
        return save(tx, s, {
          status: 'PRICED',
          cart: { ...s.cart, addOns: priced },
          prices: price(ctx, clock.now(), priced),
          requires_approval: (ctx.check?.requiresApproval ?? false) || addOns.some((a) => a.requiresApproval),
        });
      });
    },
  };
}
