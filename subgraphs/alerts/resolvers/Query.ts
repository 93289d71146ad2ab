import { can } from '../../../lib/auth/identity.js';
import { badUserInput, forbidden } from '../../../lib/errors.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { OPEN_STATUSES } from '../domain/types.js';
import { ownCounter } from './shared.js';

export const Query: QueryResolvers = {
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
