import { mayServeCounter } from '../../../lib/auth/counter-scope.js';
import { appError, ErrorCode, forbidden } from '../../../lib/errors.js';
import type { Context } from '../context.js';
import { counterInfo } from '../service.js';

export const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A counter of the caller's own hall (hall managers: any hall of their city). */
export function ownCounter(counter: string, ctx: Context): { hall: string; city: string } {
  const info = counterInfo(counter);
  if (!info) throw appError(ErrorCode.NOT_FOUND, `柜台 ${counter} 不存在 / no such counter`, { field: 'counter' });
  if (!mayServeCounter(ctx.identity, info)) throw forbidden(`柜台 ${counter} 不属于你的营业厅 / the counter is not in your hall`);
  return info;
}

/** Transition refused: say which state the order is in. */
export async function refuse(ctx: Context, id: string, action: string): Promise<never> {
  const row = await ctx.store.warningOrder(id, ctx.identity.city);
  if (!row) throw appError(ErrorCode.NOT_FOUND, `预警工单 ${id} 不存在 / no such warning order`, { field: 'id' });
  throw appError(ErrorCode.CONFLICT, `工单状态为 ${row.status}，不能${action} / the order is ${row.status}`, { field: 'id', status: row.status });
}
