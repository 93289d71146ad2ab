import { addMonths, daysBetween } from '../../../lib/calendar.js';

export type ExpiryLabel = 'RED' | 'YELLOW' | 'GREEN';

/**
 * 到期接续 labels, on Asia/Shanghai calendar dates: RED when the end date is on or before today
 * plus one calendar month, YELLOW on or before today plus three, GREEN after that or open-ended.
 */
export function expiryLabel(endDate: string | null, today: string): ExpiryLabel {
  if (endDate === null) return 'GREEN';
  if (endDate <= addMonths(today, 1)) return 'RED';
  if (endDate <= addMonths(today, 3)) return 'YELLOW';
  return 'GREEN';
}

/** A holding is current through its end date inclusive. */
export function isCurrent(endDate: string | null, today: string): boolean {
  return endDate === null || endDate >= today;
}

export function daysLeft(endDate: string | null, today: string): number | null {
  return endDate === null ? null : daysBetween(today, endDate);
}

/** End date ascending, open-ended last; ties by name so the order is stable. */
export function byEndDate<T extends { end_date: string | null; name: string }>(a: T, b: T): number {
  if (a.end_date !== b.end_date) {
    if (a.end_date === null) return 1;
    if (b.end_date === null) return -1;
    return a.end_date < b.end_date ? -1 : 1;
  }
  return a.name.localeCompare(b.name, 'zh-CN');
}
