import { can } from '../../../lib/auth/identity.js';
import { appError, badUserInput, ErrorCode, forbidden } from '../../../lib/errors.js';
import { checkMsisdn } from '../../../lib/msisdn.js';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import { BatchTooLarge } from '../service.js';
import { ownCounter, refuse } from './shared.js';

export const Mutation: MutationResolvers = {
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
