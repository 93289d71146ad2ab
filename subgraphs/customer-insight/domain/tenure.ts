import { parseDate } from '../../../lib/calendar.js';

/** Whole calendar months from joinedOn to today. */
export function tenureMonths(joinedOn: string, today: string): number {
  const a = parseDate(joinedOn);
  const b = parseDate(today);
  const months = (b.y - a.y) * 12 + (b.m - a.m) - (b.d < a.d ? 1 : 0);
  return Math.max(0, months);
}
