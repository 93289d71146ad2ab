import type { BusEvent } from '../../../lib/events/bus.js';
import type { Context } from '../context.js';

/** An event of the caller's city, or nothing: events carry customers of one city only. */
export function visible<T extends { city: string }>(id: string, prefix: string, ctx: Context): BusEvent<T> | null {
  const seq = Number(id);
  const event = Number.isInteger(seq) ? (ctx.recent.get(seq) as BusEvent<T> | undefined) : undefined;
  if (!event?.subject.startsWith(prefix) || !ctx.identity || event.data.city !== ctx.identity.city) return null;
  return event;
}
