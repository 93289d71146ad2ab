import { today } from '../../../lib/clock.js';
import { type CrmAccepted, CrmError, type CrmOrder, type CrmOrderStatus } from '../crm/port.js';
import { BASE_FAMILIES, type Family } from '../../../lib/catalog-families.js';
import { ErrorCode, appError } from '../../../lib/errors.js';
import type { Identity } from '../../../lib/auth/identity.js';
import { type SessionRow, sessionScope } from '../store.js';
import { addOnsOf } from '../domain/cart.js';
import { canDo, isBeforeSigning, isSubmitted } from '../domain/states.js';
import { illegal, hashOf, type HandlingFlow } from './kit.js';
import type { SubmitHandlingInput } from '../__generated__/resolvers-types.js';

const cents = (yuan: number) => Math.round(yuan * 100);

/** The order as the CRM takes it: what the customer signed, priced as the form showed it. */
function crmOrder(s: SessionRow, orderNumber: string, dueTodayCents: number, orderedOn: string): CrmOrder {
  const prices = s.prices!;
  const addOns = addOnsOf(s.cart);
  // Carts priced before the plan's own fee was kept: the total less the add-ons, plus the discount taken off it.
  const planFee = prices.planMonthlyFee ?? prices.monthlyFee - addOns.reduce((n, a) => n + a.monthlyFee, 0) + prices.monthlyDiscount;
  const promotion = s.cart.promotion;
  return {
    orderNumber,
    customerId: s.customer_id,
    msisdn: s.form?.customer.msisdn ?? '',
    city: s.city_code,
    hall: s.hall_code,
    staffId: s.staff_id,
    packageCode: s.cart.packageCode!,
    plan: {
      name: s.cart.packageName ?? s.cart.packageCode!,
      base: !s.cart.packageFamily || BASE_FAMILIES.includes(s.cart.packageFamily as Family),
      monthlyFeeCents: cents(planFee),
    },
    addOns: addOns.map((a) => ({ code: a.code, name: a.name, monthlyFeeCents: cents(a.monthlyFee) })),
    promotion: promotion
      ? {
          promotionCode: promotion.promotionCode,
          batchCode: promotion.batchCode,
          tierCode: promotion.tierCode,
          name: `${promotion.promotionName}·${promotion.tierName}`,
          monthlyDiscountCents: cents(prices.monthlyDiscount),
          giftCodes: promotion.gifts.map((g) => g.code),
        }
      : null,
    contractMonths: prices.contractMonths,
    orderedOn,
    formHash: s.form_hash!,
    dueTodayCents,
  };
}

/** Submitting to the CRM once, and finishing orders whose answer was lost. */
export function submitSteps(flow: HandlingFlow) {
  const { db, store, crm, clock, settings, load, save, inScope, settle, log } = flow;
  return {
    /**
     * Submits once: the session moves to SUBMITTED and the order is written in one transaction,
     * the CRM is called outside it, and the outcome is written in a second. A failure leaves the
     * cart intact and the session FAILED for a retry, which reuses the order number.
     */
    async submit(identity: Identity, input: SubmitHandlingInput, source: 'CLERK' | 'REMOTE' = 'CLERK'): Promise<SessionRow> {
      const current = await inScope(identity, input.sessionId);
      if (isSubmitted(current.status)) return current;
      if (isBeforeSigning(current.status))
        throw appError(ErrorCode.FORM_NOT_SIGNED, '免填单尚未签字，不能提交 / the form is not signed', { status: current.status });
      if (!canDo('submit', current.status)) throw illegal('submit', current);
      if (current.requires_approval) {
        const declaration = await store.declarationOfSession(db, current.id);
        if (declaration?.status === 'APPROVED' && current.status === 'AWAITING_APPROVAL' && source === 'CLERK') {
          // The customer left before approval: only they can say they still want it.
          throw appError(
            ErrorCode.CONFIRMATION_REQUIRED,
            '审批已通过：须由客户用短信链接远程确认，或回柜台重新签字后提交 / approved: the customer confirms by the SMS link, or signs again at the counter',
            { status: current.status },
          );
        }
        if (declaration?.status !== 'APPROVED') {
          if (current.status !== 'AWAITING_APPROVAL')
            await db.transaction(async (tx) => {
              const s = await load(tx, identity, input.sessionId, input.version, 'submit');
              await save(tx, s, { status: 'AWAITING_APPROVAL' });
            });
          throw appError(
            ErrorCode.APPROVAL_REQUIRED,
            declaration?.status === 'REJECTED'
              ? `目标用户申报已被驳回：${declaration.decision_reason} / the declaration was rejected`
              : '该套餐须先完成目标用户申报并获批准 / this offer needs an approved target-user declaration',
            { declarationStatus: declaration?.status ?? null },
          );
        }
      }
      // The same package for the same customer twice in a day is most often a double entry: the
      // clerk says so on purpose (confirmRepeat), or nothing is sent.
      if (source === 'CLERK' && !input.confirmRepeat) {
        const earlier = await store.sameDayOrder(db, current.city_code, current.customer_id, current.cart.packageCode!, today(clock), current.id);
        if (earlier)
          throw appError(
            ErrorCode.REPEAT_ORDER,
            `该客户今天已办理同一套餐（订单 ${earlier.order_number}），确需再次办理请确认 / the customer already ordered this package today: confirm to order it again`,
            { field: 'input.confirmRepeat', orderNumber: earlier.order_number },
          );
      }
      const orderId = `O${current.id.slice(2)}`;
      const claimed = await db.transaction(async (tx) => {
        const s = await store.session(tx, input.sessionId, sessionScope(identity), true);
        if (!s || !canDo('submit', s.status) || (s.version !== input.version && source === 'CLERK')) return null;
        const at = clock.now();
        await store.insertOrder(
          tx,
          {
            id: orderId,
            order_number: `ZX${at.toISOString().slice(0, 10).replaceAll('-', '')}${current.id.slice(2, 12).toUpperCase()}`,
            customer_id: s.customer_id,
            city_code: s.city_code,
            hall_code: s.hall_code ?? '-',
            staff_id: s.staff_id,
            package_code: s.cart.packageCode!,
            status: 'SUBMITTED',
            total_fee_cents: Math.round((s.prices?.dueToday ?? 0) * 100),
            created_at: at,
            session_id: s.id,
            card_id: s.card?.cardId ?? null,
          },
          { cart: s.cart, prices: s.prices, formHash: s.form_hash },
        );
        await store.audit(
          tx,
          `session:${s.id}`,
          source === 'REMOTE' ? 'customer' : identity.staffId,
          'SUBMITTED',
          source === 'REMOTE' ? '客户远程确认后提交' : null,
          at,
        );
        return store.updateSession(tx, s.id, s.version, { status: 'SUBMITTED', order_id: orderId, failure_reason: null }, at);
      });
      if (!claimed) {
        const now = await store.readSession(input.sessionId, sessionScope(identity));
        if (now && isSubmitted(now.status)) return now;
        throw appError(ErrorCode.CONFLICT, '会话已被并发修改，请刷新后重试 / the session changed meanwhile', {
          field: 'input.version',
          reason: 'STALE_VERSION',
          currentVersion: now?.version,
        });
      }
      const order = (await store.order(orderId, identity.city))!;
      let outcome: CrmAccepted | CrmError;
      try {
        outcome = await crm.submitOrder(crmOrder(claimed, order.order_number, order.total_fee_cents, today(clock)));
      } catch (e) {
        outcome = e instanceof CrmError ? e : new CrmError('CRM_UNAVAILABLE', (e as Error).message);
      }
      const done = await settle(orderId, claimed.id, outcome, 'crm', (tx, row, at) =>
        store.remember(tx, identity.staffId, input.idempotencyKey, 'submit', hashOf({ operation: 'submit', request: input }), row.id, row, at),
      );
      return done ?? (await store.readSession(input.sessionId, sessionScope(identity)))!;
    },

    /**
     * Orders whose CRM answer never came back (the process died mid-call, or the call outlived
     * its timeout unanswered) are finished from the CRM's own record of them: completed (gifts
     * consumed) if the CRM holds them, failed if it refused them or never received them. A failed
     * session can be submitted again under the same order number, which the CRM treats as the
     * same order; if nobody does, it expires and its gifts are released. Runs at start and
     * periodically; any number of instances may run it (each order is settled once).
     */
    async reconcile(): Promise<number> {
      const before = new Date(clock.now().getTime() - settings.reconcileAfterMs);
      let settled = 0;
      for (const order of await store.strandedOrders(before, 100)) {
        let status: CrmOrderStatus;
        try {
          status = await crm.orderStatus(order.order_number);
        } catch (e) {
          log(`CRM status of ${order.order_number} unavailable; next round`, e);
          continue;
        }
        const outcome =
          status.status === 'ACCEPTED'
            ? { crmOrderId: status.crmOrderId, change: status.change }
            : status.status === 'REJECTED'
              ? new CrmError('CRM_REJECTED', status.reason)
              : new CrmError(
                  'CRM_UNAVAILABLE',
                  '提交中断，省CRM未收到该订单，可重新提交 / the submission was cut off before the CRM received it: submit again',
                );
        if (order.session_id && (await settle(order.id, order.session_id, outcome, 'reconciler'))) settled++;
      }
      return settled;
    },
  };
}

export type SubmitSteps = ReturnType<typeof submitSteps>;
