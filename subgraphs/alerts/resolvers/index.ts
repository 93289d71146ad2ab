import { can } from '../../../lib/auth/identity.js';
import { mayServeCounter } from '../../../lib/auth/counter-scope.js';
import { appError, badUserInput, ErrorCode, forbidden } from '../../../lib/errors.js';
import { checkMsisdn } from '../../../lib/msisdn.js';
import { DateTimeScalar } from '../../../lib/scalars.js';
import type { Context } from '../context.js';
import { OPEN_STATUSES } from '../domain/types.js';
import { BatchTooLarge, counterInfo } from '../service.js';
import type { WarningOrderRow } from '../store.js';
import type {
  CounterSessionResolvers, CustomerResolvers, MutationResolvers, QueryResolvers, WarningOrderResolvers, WarningStatus,
} from '../__generated__/resolvers-types.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A counter of the caller's own hall (hall managers: any hall of their city). */
function ownCounter(counter: string, ctx: Context): { hall: string; city: string } {
  const info = counterInfo(counter);
  if (!info) throw appError(ErrorCode.NOT_FOUND, `柜台 ${counter} 不存在 / no such counter`, { field: 'counter' });
  if (!mayServeCounter(ctx.identity, info)) throw forbidden(`柜台 ${counter} 不属于你的营业厅 / the counter is not in your hall`);
  return info;
}

/** Transition refused: say which state the order is in. */
async function refuse(ctx: Context, id: string, action: string): Promise<never> {
  const row = await ctx.store.warningOrder(id, ctx.identity.city);
  if (!row) throw appError(ErrorCode.NOT_FOUND, `预警工单 ${id} 不存在 / no such warning order`, { field: 'id' });
  throw appError(ErrorCode.CONFLICT, `工单状态为 ${row.status}，不能${action} / the order is ${row.status}`, { field: 'id', status: row.status });
}

const Query: QueryResolvers = {
  warningOrder: (_p, { id }, ctx) => ctx.store.warningOrder(id, ctx.identity.city),
  async hallWarningOrders(_p, { hall, statuses, first }, ctx) {
    const code = hall ?? ctx.identity.hall;
    if (!code) throw badUserInput('请指定营业厅 / give a hall', { field: 'hall' });
    if (!code.startsWith(`${ctx.identity.city}-`)) throw forbidden('只能查看本地市营业厅 / halls of other cities are out of scope');
    const n = first ?? 50;
    if (!Number.isInteger(n) || n < 1 || n > 500) throw badUserInput('first must be 1..500 / 数量须在1到500之间', { field: 'first' });
    return ctx.store.byHall(code, statuses ?? OPEN_STATUSES, n);
  },
  async handledWarningOrders(_p, { since, until, first }, ctx) {
    if (!can(ctx.identity, 'alerts:ingest')) throw forbidden('只有运维角色可以导出 / only ops may export');
    const n = first ?? 1000;
    if (!Number.isInteger(n) || n < 1 || n > 10_000) throw badUserInput('first must be 1..10000 / 数量须在1到10000之间', { field: 'first' });
    return ctx.store.handledSince(ctx.identity.roles.includes('admin') ? null : [ctx.identity.city], new Date(since), until ? new Date(until) : null, n);
  },
  async counterSession(_p, { counter }, ctx) {
    return ctx.store.counterSession(counter, ownCounter(counter, ctx).hall);
  },
};

const Mutation: MutationResolvers = {
  async ingestWarningOrders(_p, { orders }, ctx) {
    if (!can(ctx.identity, 'alerts:ingest')) throw forbidden('只有运维角色可以接收预警工单 / only ops may ingest warning orders');
    try {
      return await ctx.service.ingest(orders.map((o) => ({ ...o })));
    } catch (e) {
      if (e instanceof BatchTooLarge) throw badUserInput(e.message, { field: 'orders' });
      throw e;
    }
  },
  async acknowledgeWarningOrder(_p, { id }, ctx) {
    const row = await ctx.store.acknowledge(id, ctx.identity.city, ctx.identity.staffId, ctx.clock.now());
    if (row) return row;
    const current = await ctx.store.warningOrder(id, ctx.identity.city);
    if (current?.status === 'ACKNOWLEDGED') return current;
    return refuse(ctx, id, '确认');
  },
  async handleWarningOrder(_p, { id, outcome, note }, ctx) {
    const text = note?.trim() || null;
    if (text && text.length > 1000) throw badUserInput('备注不超过1000字 / the note is limited to 1000 characters', { field: 'note' });
    const row = await ctx.store.handle(id, ctx.identity.city, ctx.identity.staffId, outcome, text, ctx.clock.now());
    return row ?? refuse(ctx, id, '处理');
  },
  async openCounterSession(_p, { counter }, ctx) {
    const info = ownCounter(counter, ctx);
    const row = await ctx.store.openSession(counter, info.hall, info.city, ctx.identity.staffId, ctx.clock.now());
    await ctx.service.sessionEvent('SESSION_OPENED', counter, ctx.identity.staffId);
    return row;
  },
  async closeCounterSession(_p, { counter }, ctx) {
    const row = await ctx.store.closeSession(counter, ownCounter(counter, ctx).hall, ctx.clock.now());
    if (!row) throw appError(ErrorCode.CONFLICT, `柜台 ${counter} 没有进行中的会话 / no open session at this counter`, { field: 'counter' });
    await ctx.service.sessionEvent('SESSION_CLOSED', counter, ctx.identity.staffId);
    return row;
  },
  async identifyCustomer(_p, { counter, msisdn }, ctx) {
    ownCounter(counter, ctx);
    const checked = checkMsisdn(msisdn);
    if (!checked.ok) throw badUserInput(checked.reason, { field: 'msisdn' });
    const eventId = await ctx.service.identify(counter, checked.msisdn, 'CLERK', ctx.identity.staffId);
    return { eventId: String(eventId), counter, customer: { msisdnKey: checked.msisdn } };
  },
};

const Customer: CustomerResolvers = {
  __resolveReference: (ref) => ({ msisdnKey: ref.msisdnKey }),
  warningOrders: (c, { statuses }, ctx) => ctx.loaders.byCustomer.load({ msisdn: c.msisdnKey, statuses: (statuses ?? OPEN_STATUSES) as WarningStatus[] }),
  activeWarningCount: async (c, _args, ctx) => (await ctx.loaders.byCustomer.load({ msisdn: c.msisdnKey, statuses: OPEN_STATUSES })).length,
};

const WarningOrder: WarningOrderResolvers = {
  __resolveReference: (ref, ctx) => ctx.loaders.byId.load(ref.id),
  externalId: (w) => w.external_id,
  type: (w) => w.type as never,
  rawType: (w) => w.raw_type,
  parsed: (w: WarningOrderRow) => w.parsed ?? { status: 'UNPARSED', type: null, level: null, reasons: [], figures: [], actions: [], dueDate: null },
  issuedAt: (w) => w.issued_at.toISOString(),
  dueDate: (w) => w.due_date,
  hallCode: (w) => w.hall_code,
  deliveredAt: (w) => iso(w.delivered_at),
  deliveredCounter: (w) => w.delivered_counter,
  acknowledgedAt: (w) => iso(w.acknowledged_at),
  acknowledgedBy: (w) => w.acknowledged_by,
  handledAt: (w) => iso(w.handled_at),
  handledBy: (w) => w.handled_by,
  outcomeNote: (w) => w.outcome_note,
  customer: (w) => ({ msisdnKey: w.msisdn }),
};

const CounterSession: CounterSessionResolvers = {
  hall: (s) => s.hall_code,
  staffId: (s) => s.staff_id,
  openedAt: (s) => s.opened_at.toISOString(),
  closedAt: (s) => iso(s.closed_at),
  currentCustomer: (s) => (s.current_msisdn ? { msisdnKey: s.current_msisdn } : null),
  identifiedAt: (s) => iso(s.identified_at),
};

export const resolvers = { Query, Mutation, Customer, WarningOrder, CounterSession, DateTime: DateTimeScalar };
