import type { CatalogPackage } from '../catalog.js';
import type { Features } from '../facts.js';
import type { Condition, Selector } from './model.js';

export function evaluate(condition: Condition, attributes: Features['attributes']): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluate(c, attributes));
  if ('any' in condition) return condition.any.some((c) => evaluate(c, attributes));
  if ('not' in condition) return !evaluate(condition.not, attributes);
  const actual = attributes[condition.attribute];
  const v = condition.value;
  switch (condition.op) {
    case 'eq':
      return actual === v;
    case 'ne':
      return actual !== v;
    case 'gt':
      return (actual as number) > (v as number);
    case 'gte':
      return (actual as number) >= (v as number);
    case 'lt':
      return (actual as number) < (v as number);
    case 'lte':
      return (actual as number) <= (v as number);
    case 'between': {
      const [lo, hi] = v as [number, number];
      return (actual as number) >= lo && (actual as number) <= hi;
    }
    case 'in':
      return (v as string[]).includes(actual as string);
    case 'notIn':
      return !(v as string[]).includes(actual as string);
    case 'contains':
      return (actual as string[]).includes(v as string);
    case 'notContains':
      return !(actual as string[]).includes(v as string);
    case 'containsAny':
      return (v as string[]).some((x) => (actual as string[]).includes(x));
    case 'containsNone':
      return !(v as string[]).some((x) => (actual as string[]).includes(x));
    case 'isEmpty':
      return (actual as string[]).length === 0;
    case 'isNotEmpty':
      return (actual as string[]).length > 0;
  }
}

export function selects(selector: Selector, p: CatalogPackage): boolean {
  return (
    (!selector.packages || selector.packages.includes(p.code)) &&
    (!selector.families || selector.families.includes(p.family)) &&
    (!selector.audiences || selector.audiences.includes(p.audience)) &&
    !selector.promotions &&
    (selector.minMonthlyFee === undefined || p.monthlyFee >= selector.minMonthlyFee) &&
    (selector.maxMonthlyFee === undefined || p.monthlyFee <= selector.maxMonthlyFee)
  );
}

/** A holding matches when its package, or its promotion, is what the selector names. */
export function selectsHolding(
  selector: Selector,
  holding: { packageCode: string | null; promotionCode: string | null },
  p: CatalogPackage | undefined,
): boolean {
  if (selector.promotions) return holding.promotionCode !== null && selector.promotions.includes(holding.promotionCode);
  return p !== undefined && selects(selector, p);
}
