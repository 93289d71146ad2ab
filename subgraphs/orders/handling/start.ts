import { type Cart, type OfferContext, emptyCart } from '../domain/cart.js';
import { ErrorCode, appError, badUserInput } from '../../../lib/errors.js';
import type { Identity } from '../../../lib/auth/identity.js';
import type { SessionRow } from '../store.js';
import { randomUUID } from 'node:crypto';
import { today } from '../../../lib/clock.js';
import { notFound, type HandlingFlow } from './kit.js';
import type { StartHandlingInput } from '../__generated__/resolvers-types.js';

/** Starting a session: from a recommendation card (the card stays with the session) or a customer. */
export function startSteps(flow: HandlingFlow) {
  const { store, graph, clock, settings, once, save, reserve } = flow;
  return {
    async start(identity: Identity, input: StartHandlingInput): Promise<SessionRow> {
      if (!input.cardId === !input.customerId)
        throw badUserInput('须且只能给出 cardId 或 customerId 之一 / give exactly one of cardId and customerId', { field: 'input' });
      const card = input.cardId ? await graph.card(identity, input.cardId) : null;
      if (input.cardId && !card) throw appError(ErrorCode.NOT_FOUND, '推荐卡片无效 / no such card', { field: 'input.cardId' });
      const customerId = card?.customerId ?? input.customerId!;
      const cart: Cart = emptyCart();
      let ctx: OfferContext | null = null;
      if (card) {
        cart.packageCode = card.packageCode;
        ctx = await graph.offerContext(identity, {
          customerId,
          packageCode: card.packageCode,
          promotionCode: card.promotionCode,
          batchCode: card.batchCode,
          tierCode: card.tierCode,
        });
        if (!ctx.customer) throw notFound('客户', customerId);
        cart.packageName = ctx.package?.name ?? null;
        cart.packageFamily = ctx.package?.family ?? null;
        if (ctx.tier && card.promotionCode && card.batchCode) {
          cart.promotion = {
            promotionCode: card.promotionCode,
            promotionName: ctx.promotionName ?? card.promotionCode,
            batchCode: card.batchCode,
            tierCode: ctx.tier.code,
            tierName: ctx.tier.name,
            gifts: [],
          };
        }
      } else if (!(await graph.customer(identity, customerId)))
        throw appError(ErrorCode.NOT_FOUND, `本地市没有客户 ${customerId} / no such customer`, { field: 'input.customerId' });
      return once(identity, input.idempotencyKey, 'start', input, async (tx) => {
        const at = clock.now();
        let s = await store.insertSession(tx, {
          id: `HS${randomUUID().replaceAll('-', '').slice(0, 20)}`,
          customer_id: customerId,
          city_code: identity.city,
          hall_code: identity.hall,
          staff_id: identity.staffId,
          card: card
            ? {
                cardId: card.cardId,
                packageCode: card.packageCode,
                promotionCode: card.promotionCode,
                batchCode: card.batchCode,
                tierCode: card.tierCode,
                giftCodes: card.giftCodes,
                summary: card.summary,
              }
            : null,
          cart,
          created_at: at,
          expires_at: new Date(at.getTime() + settings.sessionTtlMinutes * 60_000),
        });
        // The card's gifts are reserved if there is still stock; if not, the cart keeps the tier and
        // the clerk picks again. Nor when the customer ordered the plan today already: most often a
        // double entry, refused at submission unless confirmed, it must not hold a second gift meanwhile.
        const repeat = card ? await store.sameDayOrder(tx, identity.city, customerId, card.packageCode, today(clock), s.id) : null;
        if (card && cart.promotion && card.giftCodes.length > 0 && ctx && !repeat) {
          const available = card.giftCodes.filter((g) => (ctx!.tier?.gifts.find((x) => x.code === g)?.stock ?? 0) > 0).slice(0, ctx.tier?.giftChoices ?? 0);
          try {
            s = await save(tx, s, { cart: { ...cart, promotion: await reserve(tx, s, available, ctx) } });
          } catch (e) {
            if ((e as { extensions?: { code?: string } }).extensions?.code !== ErrorCode.OUT_OF_STOCK) throw e;
          }
        }
        await store.audit(tx, `session:${s.id}`, identity.staffId, 'STARTED', card ? `整体办理，卡片 ${card.packageCode}` : null, at);
        return s;
      });
    },
  };
}
