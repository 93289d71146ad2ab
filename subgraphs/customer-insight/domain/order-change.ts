import { addDays } from '../../../lib/calendar.js';
import type { CustomerChange } from '../../../lib/events/contracts.js';

/** A holding as the change reads it. */
export interface HeldItem {
  id: string;
  kind: 'PACKAGE' | 'PROMOTION' | 'CONTRACT';
  package_code: string | null;
  promotion_code: string | null;
  start_date: string;
  end_date: string | null;
}

/**
 * What an order's change does to what the customer holds: a package added replaces the same
 * package held (a renewal), a new base plan replaces the current one, a promotion replaces the same
 * promotion held. A replaced holding ends the day before the change takes effect; one that would
 * only have started that day or later never took effect and goes. Contracts run to their end.
 */
export function replacements(
  change: CustomerChange,
  held: readonly HeldItem[],
  currentPackage: string | null,
): { end: string[]; drop: string[]; endOn: string } {
  const endOn = addDays(change.effectiveOn, -1);
  const packages = new Set(change.adds.filter((a) => a.kind === 'PACKAGE' && a.packageCode).map((a) => a.packageCode!));
  if (change.basePlan && currentPackage) packages.add(currentPackage);
  const promotions = new Set(change.adds.filter((a) => a.kind === 'PROMOTION' && a.promotionCode).map((a) => a.promotionCode!));
  const end: string[] = [];
  const drop: string[] = [];
  for (const h of held) {
    if (h.end_date !== null && h.end_date < change.effectiveOn) continue;
    const replaced =
      (h.kind === 'PACKAGE' && h.package_code !== null && packages.has(h.package_code)) ||
      (h.kind === 'PROMOTION' && h.promotion_code !== null && promotions.has(h.promotion_code));
    if (!replaced) continue;
    (h.start_date > endOn ? drop : end).push(h.id);
  }
  return { end, drop, endOn };
}
