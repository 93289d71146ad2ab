import { createHash } from 'node:crypto';
import type { Identity } from '../../../lib/auth/identity.js';
import type { Clock } from '../../../lib/clock.js';
import type { Db } from '../../../lib/db/db.js';
import { appError, badUserInput, ErrorCode } from '../../../lib/errors.js';
import type { Bus } from '../../../lib/events/bus.js';
import type { EventOutbox } from '../../../lib/events/outbox.js';
import { handlingSubject, ORDER_COMPLETED_SUBJECT, type HandlingChangedData, type OrderCompletedData } from '../../../lib/events/contracts.js';
import { halfWidth } from '../../../lib/halfwidth.js';
import { type CrmAccepted, CrmError, type CrmPort } from '../crm/port.js';
import type { Cart, OfferContext } from '../domain/cart.js';
import { canDo, STEP_ZH, type Step } from '../domain/states.js';
import type { GraphPort } from '../graph-client.js';
import type { SmsPort } from '../sms/port.js';
import { sessionScope, type SessionPatch, type SessionRow, type Store } from '../store.js';

export interface HandlingSettings {
  sessionTtlMinutes: number;
  declarationSlaMinutes: number;
  /** Base of the remote-confirmation link sent to the customer. */
  confirmationBaseUrl: string;
  /** An order still SUBMITTED this long after it was sent lost its CRM answer: reconcile it. */
  reconcileAfterMs: number;
}

export interface HandlingDeps {
  db: Db;
  store: Store;
  graph: GraphPort;
  crm: CrmPort;
  sms: SmsPort;
  bus: Bus;
  /** Events decided in a transaction, published after it commits (an order completed). */
  events: EventOutbox;
  clock: Clock;
  settings: HandlingSettings;
  log: (m: string, e?: unknown) => void;
}

/** What every step of a session names: which session, at which version, under which idempotency key. */
export interface SessionStep {
  sessionId: string;
  version: number;
  idempotencyKey: string;
}

export const notFound = (what: string, id: string) => appError(ErrorCode.NOT_FOUND, `${what} ${id} 不存在 / no such ${what}`, { field: 'id' });
export const illegal = (step: Step, s: SessionRow) =>
  appError(ErrorCode.ILLEGAL_STATE, `会话状态为 ${s.status}，不能${STEP_ZH[step]} / the session is ${s.status}`, { status: s.status, step });
/** A catalogue code as typed at the counter: full-width forms read as ASCII, spaces around dropped. */
export const code = (typed: string) => halfWidth(typed).trim();
export const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
const REVIVE = ['created_at', 'updated_at', 'expires_at'] as const;

/**
 * The handling flow's shared transitions: every step checks the session's state and the version
 * the caller saw, runs at most once per idempotency key, and either does all of its work or none
 * of it. Catalogue facts come from the graph, never from the client; the CRM sits behind a port.
 */
export function handlingFlow(deps: HandlingDeps) {
  const { db, store, graph, bus, clock, settings } = deps;

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

  /** The session, locked, at the version the caller saw and in a state the step may start from. */
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

  /** The clerk's screen hears of a session the CRM or the customer moved, whichever instance did it. */
  const stageChanged = (tx: Db, row: SessionRow, status: HandlingChangedData['status']) =>
    deps.events.stage(tx, handlingSubject(row.staff_id), {
      sessionId: row.id,
      status,
      city: row.city_code,
      staffId: row.staff_id,
    } satisfies HandlingChangedData);

  async function publish(subject: string, data: unknown): Promise<void> {
    await bus.publish(subject, data).catch((e) => deps.log(`event on ${subject} not published`, e));
  }

  return {
    ...deps,
    once,
    load,
    save,
    publish,

    /**
     * One transition: once per idempotency key, on the session loaded at the caller's version in a
     * state `kind` may start from. `request` is what a retry must repeat (the input unless given).
     */
    step(
      identity: Identity,
      input: SessionStep,
      operation: string,
      kind: Step,
      work: (tx: Db, s: SessionRow) => Promise<SessionRow>,
      request: unknown = input,
    ): Promise<SessionRow> {
      return once(identity, input.idempotencyKey, operation, request, async (tx) => work(tx, await load(tx, identity, input.sessionId, input.version, kind)));
    },

    /** The session in the caller's scope, unlocked: what a step reads before its transaction. */
    async inScope(identity: Identity, id: string): Promise<SessionRow> {
      const s = await store.readSession(id, sessionScope(identity));
      if (!s) throw notFound('办理会话', id);
      return s;
    },

    async offer(identity: Identity, customerId: string, cart: Cart): Promise<OfferContext> {
      if (!cart.packageCode) throw appError(ErrorCode.ILLEGAL_STATE, '购物车中没有套餐 / the cart has no package', { status: 'DRAFT' });
      return graph.offerContext(identity, {
        customerId,
        packageCode: cart.packageCode,
        promotionCode: cart.promotion?.promotionCode,
        batchCode: cart.promotion?.batchCode,
        tierCode: cart.promotion?.tierCode,
      });
    },

    requireAllowed(ctx: OfferContext, field: string): void {
      if (!ctx.customer) throw notFound('客户', '');
      if (!ctx.package) throw appError(ErrorCode.NOT_FOUND, '套餐不在目录中或本地市不可售 / no such package here', { field });
      if (ctx.check && !ctx.check.allowed) {
        throw appError(ErrorCode.NOT_ELIGIBLE, `该客户不能办理：${ctx.check.problems.map((p) => p.message).join('；')}`, {
          field,
          problems: ctx.check.problems,
        });
      }
    },

    async reserve(tx: Db, s: SessionRow, giftCodes: string[], ctx: OfferContext): Promise<Cart['promotion']> {
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
    },

    /** A cart change undoes pricing, the form and any signature: what was signed is no longer what is sold. */
    async editCart(tx: Db, s: SessionRow, cart: Cart, actor: string): Promise<SessionRow> {
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
    },

    /**
     * Writes the CRM's answer for an order and its session, once: whoever comes second (a late
     * answer, another instance's reconciler) finds the order no longer SUBMITTED and changes
     * nothing (null). A completed order is announced with what the CRM says it changed, staged in
     * the same transaction so that neither can happen without the other.
     */
    async settle(
      orderId: string,
      sessionId: string,
      outcome: CrmAccepted | CrmError,
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
          const row = await save(tx, s, { status: 'FAILED', failure_reason: reason });
          return { row, events: [await stageChanged(tx, row, 'FAILED')] };
        }
        if (!(await store.finishOrder(tx, orderId, 'COMPLETED', outcome.crmOrderId, null))) return null;
        await store.consumeGifts(tx, s.id);
        await store.audit(tx, `session:${s.id}`, actor, 'COMPLETED', outcome.crmOrderId, at);
        const row = await store.updateSession(tx, s.id, s.version, { status: 'COMPLETED' }, at);
        if (!row) return null;
        await onCompleted?.(tx, row, at);
        const event: OrderCompletedData = {
          orderId,
          cardId: row.card?.cardId ?? null,
          customerId: row.customer_id,
          city: row.city_code,
          hall: row.hall_code,
          staffId: row.staff_id,
          packageCode: row.cart.packageCode!,
          change: outcome.change,
        };
        return { row, events: [await deps.events.stage(tx, ORDER_COMPLETED_SUBJECT, event), await stageChanged(tx, row, 'COMPLETED')] };
      });
      for (const id of done?.events ?? []) await deps.events.publish(id, deps.log);
      return done?.row ?? null;
    },
  };
}

export type HandlingFlow = ReturnType<typeof handlingFlow>;
