import { ADD_ON_FAMILIES } from '../../../lib/catalog-families.js';
import { ErrorCode, appError, badUserInput } from '../../../lib/errors.js';
import type { Identity } from '../../../lib/auth/identity.js';
import { MAX_ADD_ONS, addOnsOf } from '../domain/cart.js';
import type { SessionRow } from '../store.js';
import { code, type HandlingFlow } from './kit.js';
import type { CartAddOnInput, ChooseGiftsInput, ChoosePromotionTierInput, SessionStepInput, SetCartPackageInput } from '../__generated__/resolvers-types.js';

/** The cart: the plan, a promotion tier, add-ons and gifts; every change sends the session back to DRAFT. */
export function cartSteps(flow: HandlingFlow) {
  const { store, graph, step, inScope, offer, requireAllowed, reserve, editCart } = flow;
  return {
    async setPackage(identity: Identity, input: SetCartPackageInput): Promise<SessionRow> {
      input = { ...input, packageCode: code(input.packageCode) };
      const current = await inScope(identity, input.sessionId);
      const ctx = await graph.offerContext(identity, { customerId: current.customer_id, packageCode: input.packageCode });
      requireAllowed(ctx, 'input.packageCode');
      return step(identity, input, 'setPackage', 'editCart', async (tx, s) => {
        await store.releaseGifts(tx, s.id);
        // A promotion chosen for another package may not fit this one: it is dropped with its gifts.
        return editCart(
          tx,
          s,
          { packageCode: ctx.package!.code, packageName: ctx.package!.name, packageFamily: ctx.package!.family, promotion: null, addOns: addOnsOf(s.cart) },
          identity.staffId,
        );
      });
    },

    async chooseTier(identity: Identity, input: ChoosePromotionTierInput): Promise<SessionRow> {
      input = { ...input, promotionCode: code(input.promotionCode), batchCode: code(input.batchCode), tierCode: code(input.tierCode) };
      const current = await inScope(identity, input.sessionId);
      const ctx = await offer(identity, current.customer_id, {
        ...current.cart,
        promotion: { promotionCode: input.promotionCode, batchCode: input.batchCode, tierCode: input.tierCode, promotionName: '', tierName: '', gifts: [] },
      });
      if (!ctx.tier)
        throw appError(ErrorCode.NOT_FOUND, `促销档次 ${input.promotionCode}/${input.batchCode}/${input.tierCode} 不存在 / no such tier`, {
          field: 'input.tierCode',
        });
      requireAllowed(ctx, 'input.tierCode');
      return step(identity, input, 'chooseTier', 'editCart', async (tx, s) => {
        await store.releaseGifts(tx, s.id);
        return editCart(
          tx,
          s,
          {
            ...s.cart,
            promotion: {
              promotionCode: input.promotionCode,
              promotionName: ctx.promotionName ?? input.promotionCode,
              batchCode: input.batchCode,
              tierCode: ctx.tier!.code,
              tierName: ctx.tier!.name,
              gifts: [],
            },
          },
          identity.staffId,
        );
      });
    },

    async addAddOn(identity: Identity, input: CartAddOnInput): Promise<SessionRow> {
      input = { ...input, packageCode: code(input.packageCode) };
      const current = await inScope(identity, input.sessionId);
      const ctx = await graph.offerContext(identity, { customerId: current.customer_id, packageCode: input.packageCode });
      if (ctx.package && !(ADD_ON_FAMILIES as readonly string[]).includes(ctx.package.family)) {
        throw badUserInput(`${ctx.package.name} 是主套餐，请用 setCartPackage / a base plan, not an add-on: use setCartPackage`, {
          field: 'input.packageCode',
        });
      }
      requireAllowed(ctx, 'input.packageCode');
      return step(identity, input, 'addAddOn', 'editCart', async (tx, s) => {
        const addOns = addOnsOf(s.cart);
        if (addOns.some((a) => a.code === input.packageCode))
          throw appError(ErrorCode.CONFLICT, '该叠加业务已在购物车中 / already in the cart', { field: 'input.packageCode' });
        if (addOns.length >= MAX_ADD_ONS) throw badUserInput(`最多叠加${MAX_ADD_ONS}个业务 / at most ${MAX_ADD_ONS} add-ons`, { field: 'input.packageCode' });
        return editCart(
          tx,
          s,
          { ...s.cart, addOns: [...addOns, { code: ctx.package!.code, name: ctx.package!.name, monthlyFee: ctx.package!.monthlyFee }] },
          identity.staffId,
        );
      });
    },

    async removeAddOn(identity: Identity, input: CartAddOnInput): Promise<SessionRow> {
      return step(identity, input, 'removeAddOn', 'editCart', async (tx, s) => {
        if (!addOnsOf(s.cart).some((a) => a.code === input.packageCode))
          throw appError(ErrorCode.NOT_FOUND, `购物车中没有叠加业务 ${input.packageCode} / not in the cart`, { field: 'input.packageCode' });
        return editCart(tx, s, { ...s.cart, addOns: addOnsOf(s.cart).filter((a) => a.code !== input.packageCode) }, identity.staffId);
      });
    },

    async removePromotion(identity: Identity, input: SessionStepInput): Promise<SessionRow> {
      return step(identity, input, 'removePromotion', 'editCart', async (tx, s) => {
        await store.releaseGifts(tx, s.id);
        return editCart(tx, s, { ...s.cart, promotion: null }, identity.staffId);
      });
    },

    async chooseGifts(identity: Identity, input: ChooseGiftsInput): Promise<SessionRow> {
      input = { ...input, giftCodes: input.giftCodes.map(code) };
      if (new Set(input.giftCodes).size !== input.giftCodes.length || input.giftCodes.length > 5)
        throw badUserInput('礼品不能重复，最多5个 / at most 5 distinct gifts', { field: 'input.giftCodes' });
      const current = await inScope(identity, input.sessionId);
      if (!current.cart.promotion)
        throw appError(ErrorCode.ILLEGAL_STATE, '请先选择促销档次 / choose a promotion tier first', { status: current.status, field: 'input.giftCodes' });
      const ctx = await offer(identity, current.customer_id, current.cart);
      return step(identity, input, 'chooseGifts', 'editCart', async (tx, s) => {
        return editCart(tx, s, { ...s.cart, promotion: await reserve(tx, s, input.giftCodes, ctx) }, identity.staffId);
      });
    },
  };
}
