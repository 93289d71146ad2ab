import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Identity } from '../../lib/auth/identity.js';
import { can } from '../../lib/auth/identity.js';
import type { Clock } from '../../lib/clock.js';
import { today } from '../../lib/clock.js';
import { halfWidth } from '../../lib/halfwidth.js';
import type { Db } from '../../lib/db/db.js';
import { appError, badUserInput, ErrorCode, forbidden } from '../../lib/errors.js';
import type { Bus } from '../../lib/events/bus.js';
import { CrmError, type CrmOrderStatus, type CrmPort } from './crm/port.js';
import { ADD_ON_FAMILIES } from '../../lib/catalog-families.js';
import { addOnsOf, emptyCart, MAX_ADD_ONS, price, type Cart, type OfferContext } from './domain/cart.js';
import { formContent, formHash, formHtml } from './domain/form.js';
import { checkSignature } from './domain/signature.js';
import { canDo, STEP_ZH, type Step } from './domain/states.js';
import { declarationSubject, ORDER_COMPLETED_SUBJECT, type DeclarationDecidedData, type OrderCompletedData } from '../../lib/events/contracts.js';
import type { GraphPort } from './graph-client.js';
import type { SmsPort } from './sms/port.js';
import { sessionScope, type DeclarationRow, type SessionPatch, type SessionRow, type Store } from './store.js';

/** One uploaded target-list number and what became of it. */
export interface TargetRow {
  index: number;
  /** Normalised; null when malformed. */
  msisdn: string | null;
  status: 'ACCEPTED' | 'MALFORMED' | 'UNKNOWN' | 'DUPLICATE';
  reason: string | null;
  customerId: string | null;
}

export interface TargetListResult {
  id: string;
  name: string;
  size: number;
  packageCodes: string[];
  validTo: string | null;
  rows: TargetRow[];
}

export interface HandlingSettings {
  sessionTtlMinutes: number;
  declarationSlaMinutes: number;
  /** Base of the remote-confirmation link sent to the customer. */
  confirmationBaseUrl: string;
  /** An order still SUBMITTED this long after it was sent lost its CRM answer: reconcile it. */
  reconcileAfterMs: number;
}

const notFound = (what: string, id: string) => appError(ErrorCode.NOT_FOUND, `${what} ${id} 不存在 / no such ${what}`, { field: 'id' });
const illegal = (step: Step, s: SessionRow) =>
  appError(ErrorCode.ILLEGAL_STATE, `会话状态为 ${s.status}，不能${STEP_ZH[step]} / the session is ${s.status}`, { status: s.status, step });
/** A catalogue code as typed at the counter: full-width forms read as ASCII, spaces around dropped. */
const code = (typed: string) => halfWidth(typed).trim();
const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const REVIVE = ['created_at', 'updated_at', 'expires_at'] as const;
/** Guesses of a six-digit remote-confirmation code before it is void. */
export const MAX_CONFIRMATION_ATTEMPTS = 5;
/** Guesses a confirmation has left. */
export const attemptsLeft = (confirmation: { attempts: number } | null): number => Math.max(0, MAX_CONFIRMATION_ATTEMPTS - (confirmation?.attempts ?? 0));
const CONFIRMATION_TTL_MS = 24 * 3600_000;

/**
 * The handling flow: every mutation checks the session's state and the version the caller saw,
 * runs at most once per idempotency key, and either does all of its work or none of it.
 * Catalogue facts come from the graph, never from the client; the CRM sits behind a port.
 */
export function createHandlingService(deps: {
  db: Db;
  store: Store;
  graph: GraphPort;
  crm: CrmPort;
  sms: SmsPort;
  bus: Bus;
  clock: Clock;
  settings: HandlingSettings;
  log: (m: string, e?: unknown) => void;
}) {
  const { db, store, graph, crm, sms, bus, clock, settings } = deps;

  /** Runs a step once per (staff, idempotency key): a retry returns the first result and changes nothing. */
  async function once(identity: Identity, key: string, operation: string, request: unknown, work: (tx: Db) => Promise<SessionRow>): Promise<SessionRow> {
    if (!key || key.length > 128)
      throw badUserInput('idempotencyKey 须为1到128个字符 / idempotencyKey must be 1..128 characters', { field: 'input.idempotencyKey' });
    const requestHash = hashOf({ operation, request });
    return db.transaction(async (tx) => {
      await store.lockIdempotencyKey(tx, identity.staffId, key);
      const seen = await store.idempotent(tx, identity.staffId, key);
      if (seen) {
        if (seen.request_hash !== requestHash)
          throw appError(ErrorCode.IDEMPOTENCY_KEY_REUSED, '该幂等键已用于另一个请求 / this idempotency key was used for a different request', {
            field: 'input.idempotencyKey',
          });
        const row = seen.response as SessionRow;
        for (const k of REVIVE) (row as unknown as Record<string, unknown>)[k] = new Date(row[k] as unknown as string);
        return row;
      }
      const row = await work(tx);
      await store.remember(tx, identity.staffId, key, operation, requestHash, row.id, row, clock.now());
      return row;
    });
  }

  async function load(tx: Db, identity: Identity, id: string, version: number, step: Step): Promise<SessionRow> {
    const s = await store.session(tx, id, sessionScope(identity), true);
    if (!s) throw notFound('办理会话', id);
    if (s.version !== version)
      throw appError(ErrorCode.CONFLICT, `会话已更新为版本 ${s.version}，请刷新后重试 / the session is at version ${s.version}`, {
        field: 'input.version',
        reason: 'STALE_VERSION',
        currentVersion: s.version,
      });
    if (!canDo(step, s.status)) throw illegal(step, s);
    return s;
  }

  async function save(tx: Db, s: SessionRow, patch: SessionPatch): Promise<SessionRow> {
    const row = await store.updateSession(
      tx,
      s.id,
      s.version,
      { ...patch, expires_at: new Date(clock.now().getTime() + settings.sessionTtlMinutes * 60_000) },
      clock.now(),
    );
    if (!row)
      throw appError(ErrorCode.CONFLICT, '会话已被并发修改，请刷新后重试 / the session changed meanwhile', { field: 'input.version', reason: 'STALE_VERSION' });
    return row;
  }

  /** A cart change undoes pricing, the form and any signature: what was signed is no longer what is sold. */
  async function editCart(tx: Db, s: SessionRow, cart: Cart, actor: string): Promise<SessionRow> {
    if (s.signature?.valid)
      await store.audit(tx, `session:${s.id}`, actor, 'SIGNATURE_VOIDED', '购物车变更，签名作废 / the cart changed after signing', clock.now());
    return save(tx, s, {
      cart,
      status: 'DRAFT',
      prices: null,
      form: null,
      form_html: null,
      form_hash: null,
      signature: s.signature ? { ...s.signature, valid: false } : null,
    });
  }

  async function offer(identity: Identity, customerId: string, cart: Cart): Promise<OfferContext> {
    if (!cart.packageCode) throw appError(ErrorCode.ILLEGAL_STATE, '购物车中没有套餐 / the cart has no package', { status: 'DRAFT' });
    return graph.offerContext(identity, {
      customerId,
      packageCode: cart.packageCode,
      promotionCode: cart.promotion?.promotionCode,
      batchCode: cart.promotion?.batchCode,
      tierCode: cart.promotion?.tierCode,
    });
  }

  function requireAllowed(ctx: OfferContext, field: string): void {
    if (!ctx.customer) throw notFound('客户', '');
    if (!ctx.package) throw appError(ErrorCode.NOT_FOUND, '套餐不在目录中或本地市不可售 / no such package here', { field });
    if (ctx.check && !ctx.check.allowed) {
      throw appError(ErrorCode.NOT_ELIGIBLE, `该客户不能办理：${ctx.check.problems.map((p) => p.message).join('；')}`, { field, problems: ctx.check.problems });
    }
  }

  async function reserve(tx: Db, s: SessionRow, giftCodes: string[], ctx: OfferContext): Promise<Cart['promotion']> {
    await store.releaseGifts(tx, s.id);
    // The tier says how many of its gifts one customer may choose.
    const allowed = ctx.tier?.giftChoices ?? 0;
    if (giftCodes.length > allowed) {
      throw badUserInput(`该档次每位客户最多选 ${allowed} 个礼品 / this tier lets a customer choose at most ${allowed} gift(s)`, {
        field: 'input.giftCodes',
        giftChoices: allowed,
      });
    }
    const gifts = [];
    for (const code of giftCodes) {
      const gift = ctx.tier?.gifts.find((g) => g.code === code);
      if (!gift) throw appError(ErrorCode.NOT_FOUND, `礼品 ${code} 不属于所选档次 / the gift is not in this tier`, { field: 'input.giftCodes' });
      if (!(await store.reserveGift(tx, s.id, code, gift.stock)))
        throw appError(ErrorCode.OUT_OF_STOCK, `礼品「${gift.name}」已无库存 / out of stock`, { field: 'input.giftCodes', giftCode: code });
      gifts.push({ code, name: gift.name, value: gift.value });
    }
    return { ...s.cart.promotion!, gifts };
  }

  /**
   * Writes the CRM's answer for an order and its session, once: whoever comes second (a late
   * answer, another instance's reconciler) finds the order no longer SUBMITTED and changes
   * nothing (null). A completed order is announced.
   */
  async function settle(
    orderId: string,
    sessionId: string,
    outcome: { crmOrderId: string } | CrmError,
    actor: string,
    onCompleted?: (tx: Db, row: SessionRow, at: Date) => Promise<void>,
  ): Promise<SessionRow | null> {
    const done = await db.transaction(async (tx) => {
      const at = clock.now();
      const s = await store.sessionById(tx, sessionId, true);
      if (!s) return null;
      if (outcome instanceof CrmError) {
        const reason = `${outcome.code}: ${outcome.message}`;
        if (!(await store.finishOrder(tx, orderId, 'FAILED', null, reason))) return null;
        await store.audit(tx, `session:${s.id}`, actor, 'FAILED', reason, at);
        // save() starts the idle clock again: a failed session nobody submits again expires and releases its gifts.
        return save(tx, s, { status: 'FAILED', failure_reason: reason });
      }
      if (!(await store.finishOrder(tx, orderId, 'COMPLETED', outcome.crmOrderId, null))) return null;
      await store.consumeGifts(tx, s.id);
      await store.audit(tx, `session:${s.id}`, actor, 'COMPLETED', outcome.crmOrderId, at);
      const row = await store.updateSession(tx, s.id, s.version, { status: 'COMPLETED' }, at);
      if (row) await onCompleted?.(tx, row, at);
      return row;
    });
    if (done?.status === 'COMPLETED') {
      const event: OrderCompletedData = {
        orderId,
        cardId: done.card?.cardId ?? null,
        customerId: done.customer_id,
        city: done.city_code,
        hall: done.hall_code,
        staffId: done.staff_id,
        packageCode: done.cart.packageCode!,
      };
      await publish(ORDER_COMPLETED_SUBJECT, event);
    }
    return done;
  }

  async function publish(subject: string, data: unknown): Promise<void> {
    await bus.publish(subject, data).catch((e) => deps.log(`event on ${subject} not published`, e));
  }

  return {
    async start(identity: Identity, input: { idempotencyKey: string; cardId?: string | null; customerId?: string | null }): Promise<SessionRow> {
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
        // The card's gifts are reserved if there is still stock; if not, the cart keeps the tier and the clerk picks again.
        if (card && cart.promotion && card.giftCodes.length > 0 && ctx) {
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

    async setPackage(identity: Identity, input: { sessionId: string; version: number; idempotencyKey: string; packageCode: string }): Promise<SessionRow> {
      input = { ...input, packageCode: code(input.packageCode) };
      const current = await store.session(db, input.sessionId, sessionScope(identity));
      if (!current) throw notFound('办理会话', input.sessionId);
      const ctx = await graph.offerContext(identity, { customerId: current.customer_id, packageCode: input.packageCode });
      requireAllowed(ctx, 'input.packageCode');
      return once(identity, input.idempotencyKey, 'setPackage', input, async (tx) => {
        const s = await load(tx, identity, input.sessionId, input.version, 'editCart');
        await store.releaseGifts(tx, s.id);
        // A promotion chosen for another package may not fit this one: it is dropped with its gifts.
        return editCart(tx, s, { packageCode: ctx.package!.code, packageName: ctx.package!.name, promotion: null, addOns: addOnsOf(s.cart) }, identity.staffId);
      });
    },

    async chooseTier(
      identity: Identity,
      input: { sessionId: string; version: number; idempotencyKey: string; promotionCode: string; batchCode: string; tierCode: string },
    ): Promise<SessionRow> {
      input = { ...input, promotionCode: code(input.promotionCode), batchCode: code(input.batchCode), tierCode: code(input.tierCode) };
      const current = await store.session(db, input.sessionId, sessionScope(identity));
      if (!current) throw notFound('办理会话', input.sessionId);
      const ctx = await offer(identity, current.customer_id, {
        ...current.cart,
        promotion: { promotionCode: input.promotionCode, batchCode: input.batchCode, tierCode: input.tierCode, promotionName: '', tierName: '', gifts: [] },
      });
      if (!ctx.tier)
        throw appError(ErrorCode.NOT_FOUND, `促销档次 ${input.promotionCode}/${input.batchCode}/${input.tierCode} 不存在 / no such tier`, {
          field: 'input.tierCode',
        });
      requireAllowed(ctx, 'input.tierCode');
      return once(identity, input.idempotencyKey, 'chooseTier', input, async (tx) => {
        const s = await load(tx, identity, input.sessionId, input.version, 'editCart');
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

    async addAddOn(identity: Identity, input: { sessionId: string; version: number; idempotencyKey: string; packageCode: string }): Promise<SessionRow> {
      input = { ...input, packageCode: code(input.packageCode) };
      const current = await store.session(db, input.sessionId, sessionScope(identity));
      if (!current) throw notFound('办理会话', input.sessionId);
      const ctx = await graph.offerContext(identity, { customerId: current.customer_id, packageCode: input.packageCode });
      if (ctx.package && !(ADD_ON_FAMILIES as readonly string[]).includes(ctx.package.family)) {
        throw badUserInput(`${ctx.package.name} 是主套餐，请用 setCartPackage / a base plan, not an add-on: use setCartPackage`, {
          field: 'input.packageCode',
        });
      }
      requireAllowed(ctx, 'input.packageCode');
      return once(identity, input.idempotencyKey, 'addAddOn', input, async (tx) => {
        const s = await load(tx, identity, input.sessionId, input.version, 'editCart');
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

    async removeAddOn(identity: Identity, input: { sessionId: string; version: number; idempotencyKey: string; packageCode: string }): Promise<SessionRow> {
      return once(identity, input.idempotencyKey, 'removeAddOn', input, async (tx) => {
        const s = await load(tx, identity, input.sessionId, input.version, 'editCart');
        if (!addOnsOf(s.cart).some((a) => a.code === input.packageCode))
          throw appError(ErrorCode.NOT_FOUND, `购物车中没有叠加业务 ${input.packageCode} / not in the cart`, { field: 'input.packageCode' });
        return editCart(tx, s, { ...s.cart, addOns: addOnsOf(s.cart).filter((a) => a.code !== input.packageCode) }, identity.staffId);
      });
    },

    async removePromotion(identity: Identity, input: { sessionId: string; version: number; idempotencyKey: string }): Promise<SessionRow> {
      return once(identity, input.idempotencyKey, 'removePromotion', input, async (tx) => {
        const s = await load(tx, identity, input.sessionId, input.version, 'editCart');
        await store.releaseGifts(tx, s.id);
        return editCart(tx, s, { ...s.cart, promotion: null }, identity.staffId);
      });
    },

    async chooseGifts(identity: Identity, input: { sessionId: string; version: number; idempotencyKey: string; giftCodes: string[] }): Promise<SessionRow> {
      input = { ...input, giftCodes: input.giftCodes.map(code) };
      if (new Set(input.giftCodes).size !== input.giftCodes.length || input.giftCodes.length > 5)
        throw badUserInput('礼品不能重复，最多5个 / at most 5 distinct gifts', { field: 'input.giftCodes' });
      const current = await store.session(db, input.sessionId, sessionScope(identity));
      if (!current) throw notFound('办理会话', input.sessionId);
      if (!current.cart.promotion)
        throw appError(ErrorCode.ILLEGAL_STATE, '请先选择促销档次 / choose a promotion tier first', { status: current.status, field: 'input.giftCodes' });
      const ctx = await offer(identity, current.customer_id, current.cart);
      return once(identity, input.idempotencyKey, 'chooseGifts', input, async (tx) => {
        const s = await load(tx, identity, input.sessionId, input.version, 'editCart');
        return editCart(tx, s, { ...s.cart, promotion: await reserve(tx, s, input.giftCodes, ctx) }, identity.staffId);
      });
    },

    async priceCart(identity: Identity, input: { sessionId: string; version: number; idempotencyKey: string }): Promise<SessionRow> {
      const current = await store.session(db, input.sessionId, sessionScope(identity));
      if (!current) throw notFound('办理会话', input.sessionId);
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
      return once(identity, input.idempotencyKey, 'price', input, async (tx) => {
        const s = await load(tx, identity, input.sessionId, input.version, 'price');
        const priced = addOns.map(({ requiresApproval: _r, ...a }) => a);
        return save(tx, s, {
          status: 'PRICED',
          cart: { ...s.cart, addOns: priced },
          prices: price(ctx, clock.now(), priced),
          requires_approval: (ctx.check?.requiresApproval ?? false) || addOns.some((a) => a.requiresApproval),
        });
      });
    },

    async generateForm(identity: Identity, input: { sessionId: string; version: number; idempotencyKey: string }): Promise<SessionRow> {
      const current = await store.session(db, input.sessionId, sessionScope(identity));
      if (!current) throw notFound('办理会话', input.sessionId);
      if (!canDo('generateForm', current.status)) throw illegal('generateForm', current);
      const ctx = await offer(identity, current.customer_id, current.cart);
      return once(identity, input.idempotencyKey, 'generateForm', input, async (tx) => {
        const s = await load(tx, identity, input.sessionId, input.version, 'generateForm');
        const content = formContent(s.id, s.cart, ctx, s.prices!, { hall: s.hall_code, staffId: s.staff_id }, clock.now());
        const hash = formHash(content);
        return save(tx, s, { status: 'FORM_GENERATED', form: content, form_hash: hash, form_html: formHtml(content, hash) });
      });
    },

    async sign(
      identity: Identity,
      input: { sessionId: string; version: number; idempotencyKey: string; formHash: string; format: 'PNG' | 'STROKES'; data: string },
    ): Promise<SessionRow> {
      const checked = checkSignature(input.format, input.data);
      if (!checked.ok) throw appError(ErrorCode[checked.code], checked.message, { field: 'input.data' });
      return once(identity, input.idempotencyKey, 'sign', { ...input, data: hashOf(input.data) }, async (tx) => {
        const s = await load(tx, identity, input.sessionId, input.version, 'sign');
        if (s.form_hash !== input.formHash)
          throw appError(ErrorCode.FORM_CHANGED, '签名所见的免填单已不是当前版本 / the form signed is not the current form', { field: 'input.formHash' });
        await store.audit(tx, `session:${s.id}`, identity.staffId, 'SIGNED', `免填单 ${s.form_hash}`, clock.now());
        return save(tx, s, {
          status: 'SIGNED',
          signature: { format: input.format, bytes: checked.bytes, data: input.data, formHash: s.form_hash!, signedAt: clock.now().toISOString(), valid: true },
        });
      });
    },

    /**
     * Submits once: the session moves to SUBMITTED and the order is written in one transaction,
     * the CRM is called outside it, and the outcome is written in a second. A failure leaves the
     * cart intact and the session FAILED for a retry, which reuses the order number.
     */
    async submit(
      identity: Identity,
      input: { sessionId: string; version: number; idempotencyKey: string },
      source: 'CLERK' | 'REMOTE' = 'CLERK',
    ): Promise<SessionRow> {
      const current = await store.session(db, input.sessionId, sessionScope(identity));
      if (!current) throw notFound('办理会话', input.sessionId);
      if (current.status === 'SUBMITTED' || current.status === 'COMPLETED') return current;
      if (['DRAFT', 'PRICED', 'FORM_GENERATED'].includes(current.status))
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
      const orderId = `O${current.id.slice(2)}`;
      const claimed = await db.transaction(async (tx) => {
        const s = await store.session(tx, input.sessionId, sessionScope(identity), true);
        if (!s || !['SIGNED', 'AWAITING_APPROVAL', 'FAILED'].includes(s.status) || (s.version !== input.version && source === 'CLERK')) return null;
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
        const now = await store.session(db, input.sessionId, sessionScope(identity));
        if (now && (now.status === 'SUBMITTED' || now.status === 'COMPLETED')) return now;
        throw appError(ErrorCode.CONFLICT, '会话已被并发修改，请刷新后重试 / the session changed meanwhile', {
          field: 'input.version',
          reason: 'STALE_VERSION',
          currentVersion: now?.version,
        });
      }
      const order = (await store.order(orderId, identity.city))!;
      let outcome: { crmOrderId: string } | CrmError;
      try {
        outcome = await crm.submitOrder({
          orderNumber: order.order_number,
          customerId: claimed.customer_id,
          msisdn: claimed.form?.customer.msisdn ?? '',
          city: claimed.city_code,
          hall: claimed.hall_code,
          staffId: claimed.staff_id,
          packageCode: claimed.cart.packageCode!,
          addOnCodes: addOnsOf(claimed.cart).map((a) => a.code),
          promotion: claimed.cart.promotion
            ? {
                promotionCode: claimed.cart.promotion.promotionCode,
                batchCode: claimed.cart.promotion.batchCode,
                tierCode: claimed.cart.promotion.tierCode,
                giftCodes: claimed.cart.promotion.gifts.map((g) => g.code),
              }
            : null,
          formHash: claimed.form_hash!,
          dueTodayCents: order.total_fee_cents,
        });
      } catch (e) {
        outcome = e instanceof CrmError ? e : new CrmError('CRM_UNAVAILABLE', (e as Error).message);
      }
      const done = await settle(orderId, claimed.id, outcome, 'crm', (tx, row, at) =>
        store.remember(tx, identity.staffId, input.idempotencyKey, 'submit', hashOf({ operation: 'submit', request: input }), row.id, row, at),
      );
      return done ?? (await store.session(db, input.sessionId, sessionScope(identity)))!;
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
          deps.log(`CRM status of ${order.order_number} unavailable; next round`, e);
          continue;
        }
        const outcome =
          status.status === 'ACCEPTED'
            ? { crmOrderId: status.crmOrderId }
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
    async cancel(identity: Identity, input: { sessionId: string; version: number; idempotencyKey: string }): Promise<SessionRow> {
      return once(identity, input.idempotencyKey, 'cancel', input, async (tx) => {
        const s = await load(tx, identity, input.sessionId, input.version, 'cancel');
        await store.releaseGifts(tx, s.id);
        await store.audit(tx, `session:${s.id}`, identity.staffId, 'CANCELLED', null, clock.now());
        return save(tx, s, { status: 'CANCELLED' });
      });
    },

    /** Abandoned sessions: cancelled and their gifts released, so stock is not held by nobody. */
    async expire(): Promise<number> {
      let n = 0;
      for (const s of await store.expiredSessions(clock.now(), 200)) {
        await db.transaction(async (tx) => {
          const row = await store.updateSession(
            tx,
            s.id,
            s.version,
            { status: 'CANCELLED', failure_reason: 'EXPIRED: 会话超时 / the session expired' },
            clock.now(),
          );
          if (!row) return;
          await store.releaseGifts(tx, s.id);
          await store.audit(tx, `session:${s.id}`, 'system', 'EXPIRED', null, clock.now());
          n++;
        });
      }
      return n;
    },

    async declare(identity: Identity, input: { sessionId: string; idempotencyKey: string; reason: string }): Promise<DeclarationRow> {
      const reason = input.reason.trim();
      if (reason.length < 2 || reason.length > 500)
        throw badUserInput('申报理由须为2到500字 / the reason must be 2..500 characters', { field: 'input.reason' });
      const s = await store.session(db, input.sessionId, sessionScope(identity));
      if (!s) throw notFound('办理会话', input.sessionId);
      if (!canDo('declare', s.status)) throw illegal('declare', s);
      if (!s.cart.packageCode) throw appError(ErrorCode.ILLEGAL_STATE, '购物车中没有套餐 / the cart has no package', { status: s.status });
      const offered = await offer(identity, s.customer_id, s.cart);
      // Every approval rule the offer falls under must auto-approve this customer, or a reviewer decides.
      const check = offered.check;
      const rulesAuto = check && check.approvalRuleIds.length > 0 && check.approvalRuleIds.every((id) => check.autoApprovalRuleIds.includes(id)) ? check : null;
      const row = await db.transaction(async (tx) => {
        const existing = await store.declarationOfSession(tx, s.id);
        if (existing && existing.status !== 'REJECTED' && existing.package_code === s.cart.packageCode) return existing;
        const at = clock.now();
        const list = await store.targetListFor(tx, s.city_code, s.customer_id, s.cart.packageCode!, today(clock));
        const auto = list
          ? { by: `list:${list.id}`, why: `预批准名单「${list.name}」（${list.id}）` }
          : rulesAuto
            ? {
                by: `rule:${rulesAuto.approvalRuleIds.join(',')}`,
                why: `自动审批规则 ${rulesAuto.approvalRuleIds.join('、')}（规则集 v${rulesAuto.ruleSetVersion}）`,
              }
            : null;
        const d = await store.insertDeclaration(tx, {
          id: `D${randomUUID().replaceAll('-', '').slice(0, 16)}`,
          session_id: s.id,
          customer_id: s.customer_id,
          msisdn: offered.customer?.msisdn ?? '',
          city_code: s.city_code,
          hall_code: s.hall_code,
          package_code: s.cart.packageCode!,
          tier_code: s.cart.promotion?.tierCode ?? null,
          reason,
          status: auto ? 'APPROVED' : 'PENDING',
          declared_by: identity.staffId,
          declared_at: at,
          decided_by: auto ? 'auto' : null,
          decided_at: auto ? at : null,
          decision_reason: auto?.why ?? null,
          auto_approved_by: auto?.by ?? null,
        });
        await store.audit(tx, `declaration:${d.id}`, identity.staffId, 'DECLARED', reason, at);
        if (auto) await store.audit(tx, `declaration:${d.id}`, 'auto', 'APPROVED', auto.why, at);
        return d;
      });
      if (row.status === 'APPROVED') await this.afterDecision(row);
      return row;
    },

    async decide(identity: Identity, input: { declarationId: string; approve: boolean; reason: string }): Promise<DeclarationRow> {
      if (!can(identity, 'declaration:review')) throw forbidden('只有地市市场部审核员可以审批申报 / only city marketing reviewers may decide declarations');
      const reason = input.reason.trim();
      if (reason.length < 2 || reason.length > 500)
        throw badUserInput('审批意见须为2到500字 / the reason must be 2..500 characters', { field: 'input.reason' });
      const d = await db.transaction(async (tx) => {
        const current = await store.declaration(tx, input.declarationId, identity.city, true);
        if (!current) throw notFound('申报', input.declarationId);
        if (current.status !== 'PENDING')
          throw appError(ErrorCode.ILLEGAL_STATE, `申报已${current.status === 'APPROVED' ? '批准' : '驳回'} / already decided`, { status: current.status });
        const at = clock.now();
        const row = (await store.decide(tx, current.id, input.approve ? 'APPROVED' : 'REJECTED', identity.staffId, reason, at))!;
        await store.audit(tx, `declaration:${row.id}`, identity.staffId, row.status, reason, at);
        return row;
      });
      await this.afterDecision(d);
      return d;
    },

    /**
     * Tells the clerk live, and lets a parked session go on without the customer coming back:
     * approved → a one-time link and a six-digit code go by SMS to the customer's own number; the
     * customer opens the link (the paperless form, as signed) and enters the code. A session not
     * parked (the customer is still at the counter) needs neither: the clerk submits it.
     */
    async afterDecision(d: DeclarationRow): Promise<void> {
      if (d.status === 'APPROVED') {
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const token = randomBytes(18).toString('base64url');
        const at = clock.now();
        const expiresAt = new Date(at.getTime() + CONFIRMATION_TTL_MS);
        const parked = await db.transaction(async (tx) => {
          const s = await store.session(tx, d.session_id, { city: d.city_code, hall: null }, true);
          if (s?.status !== 'AWAITING_APPROVAL') return null;
          const confirmation = { codeHash: hashOf(`${s.id}:${code}`), token, expiresAt: expiresAt.toISOString(), confirmedAt: null, attempts: 0 };
          return store.updateSession(tx, s.id, s.version, { confirmation, expires_at: expiresAt }, at);
        });
        if (parked) {
          const link = `${settings.confirmationBaseUrl}/${token}`;
          const text = `【中国移动】您申请办理的${parked.cart.packageName ?? parked.cart.packageCode}已通过审核。确认码 ${code}（24小时内有效，请勿告诉他人）。请打开 ${link} 核对受理单并输入确认码完成办理。`;
          try {
            const to = await graph.contactNumber(parked.city_code, parked.customer_id);
            if (!to) throw new Error('no number for the customer');
            const sent = await sms.send({ to, customerId: parked.customer_id, city: parked.city_code, purpose: 'REMOTE_CONFIRMATION', text }, at);
            // The code itself is never written down: only the customer's phone has it.
            await store.audit(db, `session:${parked.id}`, 'system', 'CONFIRMATION_SENT', `短信 ${sent.id}，链接有效至 ${expiresAt.toISOString()}`, at);
          } catch (e) {
            deps.log(`confirmation SMS for ${parked.id} not sent`, e);
            await store.audit(
              db,
              `session:${parked.id}`,
              'system',
              'CONFIRMATION_NOT_SENT',
              '短信未发出：客户可回柜台重新签字 / the SMS did not go: the customer can sign again at the counter',
              at,
            );
          }
        }
      }
      const event: DeclarationDecidedData = {
        declarationId: d.id,
        sessionId: d.session_id,
        status: d.status as 'APPROVED' | 'REJECTED',
        city: d.city_code,
        staffId: d.declared_by,
      };
      await publish(declarationSubject(d.declared_by), event);
    },

    /** What the customer's link shows: the form they were asked to confirm, and whether it still can be. */
    async confirmationPage(token: string): Promise<{ session: SessionRow; state: 'OPEN' | 'CONFIRMED' | 'EXPIRED' } | null> {
      const s = await store.sessionByConfirmationToken(token);
      if (!s?.confirmation) return null;
      if (s.confirmation.confirmedAt) return { session: s, state: 'CONFIRMED' };
      const usable = s.status === 'AWAITING_APPROVAL' && attemptsLeft(s.confirmation) > 0 && new Date(s.confirmation.expiresAt) > clock.now();
      return { session: s, state: usable ? 'OPEN' : 'EXPIRED' };
    },

    /**
     * The customer's own confirmation, by the link's one-time token and the SMS code: the only
     * credential, no staff token. Each guess takes one of five attempts atomically; the right code
     * submits the order as the customer's act.
     */
    async confirmByToken(token: string, code: string): Promise<SessionRow> {
      const s = await store.sessionByConfirmationToken(token);
      if (!s?.confirmation) throw appError(ErrorCode.NOT_FOUND, '确认链接无效 / no such confirmation link', { field: 'token' });
      if (s.confirmation.confirmedAt) return s;
      if (s.status !== 'AWAITING_APPROVAL')
        throw appError(ErrorCode.ILLEGAL_STATE, `受理单状态为 ${s.status}，无需确认 / nothing to confirm`, { status: s.status });
      // Each guess first takes an attempt in one conditional UPDATE: concurrent wrong guesses cannot all be evaluated.
      if (!(await store.claimConfirmationAttempt(db, s.id, s.city_code, MAX_CONFIRMATION_ATTEMPTS, clock.now())))
        throw appError(ErrorCode.FORBIDDEN, '确认码已失效（次数用完或已过期），请回营业厅办理 / the code is used up or expired: come back to the hall', {
          field: 'code',
        });
      const typed = halfWidth(code).trim();
      if (hashOf(`${s.id}:${typed}`) !== s.confirmation.codeHash) throw badUserInput('确认码不正确 / wrong confirmation code', { field: 'code' });
      const confirmed = await db.transaction(async (tx) => {
        const row = await store.updateSession(
          tx,
          s.id,
          s.version,
          { confirmation: { ...s.confirmation!, confirmedAt: clock.now().toISOString() } },
          clock.now(),
        );
        if (row) await store.audit(tx, `session:${s.id}`, 'customer', 'CONFIRMED_REMOTELY', null, clock.now());
        return row;
      });
      if (!confirmed) throw appError(ErrorCode.CONFLICT, '受理单已被修改，请回营业厅办理 / the session changed meanwhile', { reason: 'STALE_VERSION' });
      // Submitted for the clerk who handled it, as the customer's act (the audit trail says so).
      const clerk: Identity = { staffId: s.staff_id, name: s.staff_id, hall: s.hall_code, city: s.city_code, roles: ['clerk'] };
      return this.submit(clerk, { sessionId: s.id, version: confirmed.version, idempotencyKey: `remote:${s.id}` }, 'REMOTE');
    },

    overdue(d: DeclarationRow): boolean {
      return d.status === 'PENDING' && clock.now().getTime() - d.declared_at.getTime() > settings.declarationSlaMinutes * 60_000;
    },

    async uploadTargetList(
      identity: Identity,
      input: { name: string; msisdns: string[]; packageCodes?: string[] | null; validTo?: string | null },
      resolve: (numbers: string[]) => Promise<TargetRow[]>,
    ): Promise<TargetListResult> {
      if (!can(identity, 'catalog:manage')) throw forbidden('只有市场部可以上传预批准名单 / only marketing may upload target lists');
      const name = input.name.trim();
      if (!name || name.length > 100) throw badUserInput('名单名称须为1到100字 / the list needs a name', { field: 'input.name' });
      if (input.msisdns.length === 0 || input.msisdns.length > 50_000)
        throw badUserInput('名单须有1到50000个号码 / 1..50000 numbers', { field: 'input.msisdns' });
      const rows = await resolve(input.msisdns);
      const customers = rows.filter((r) => r.status === 'ACCEPTED').map((r) => r.customerId!);
      if (customers.length === 0) {
        throw badUserInput('没有一个号码可列入名单 / no number could be listed', {
          field: 'input.msisdns',
          rows: rows.slice(0, 100).map(({ customerId: _c, msisdn: _m, ...r }) => r),
        });
      }
      const id = `TL${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      await db.transaction(async (tx) => {
        await store.insertTargetList(
          tx,
          { id, city: identity.city, name, packageCodes: input.packageCodes ?? [], validTo: input.validTo ?? null, by: identity.staffId, at: clock.now() },
          customers,
        );
        const count = (status: TargetRow['status']) => rows.filter((r) => r.status === status).length;
        await store.audit(
          tx,
          `target-list:${id}`,
          identity.staffId,
          'UPLOADED',
          `${customers.length} 个客户；格式错误 ${count('MALFORMED')}，非本地市 ${count('UNKNOWN')}，重复 ${count('DUPLICATE')}`,
          clock.now(),
        );
      });
      return { id, name, size: customers.length, packageCodes: input.packageCodes ?? [], validTo: input.validTo ?? null, rows };
    },
  };
}

export type HandlingService = ReturnType<typeof createHandlingService>;
