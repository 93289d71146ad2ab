import type { CatalogRows } from './import.js';
import type { ImportProblem } from './import.js';

/**
 * What one city's marketing may change by importing a catalogue: the packages and promotions sold
 * in its own city alone. A package or promotion sold anywhere else (another city's, or one of
 * several cities' or the whole province's) is the province's to change; an import that adds,
 * changes or drops one is refused whole, with every such record listed. A promotion's batches,
 * tiers, fees and gifts count as the promotion.
 */
export function outOfScope(current: CatalogRows, next: CatalogRows, city: string): ImportProblem[] {
  const problems: ImportProblem[] = [];
  const check = (
    kind: 'package' | 'promotion',
    code: string,
    before: { cities: string[] } | undefined,
    after: { cities: string[] } | undefined,
    same: boolean,
  ) => {
    if (same) return;
    const touched = new Set([...(before?.cities ?? []), ...(after?.cities ?? [])]);
    const others = [...touched].filter((c) => c !== city);
    if (others.length === 0) return;
    const what = !before ? '新增' : !after ? '删除' : '修改';
    const verb = !before ? 'adds' : !after ? 'drops' : 'changes';
    problems.push({
      line: null,
      record: `${kind === 'package' ? 'packages' : 'promotions'}[${code}]`,
      field: 'cities',
      message: `${what}${kind === 'package' ? '套餐' : '营销活动'} ${code} 涉及其他地市（${others.sort().join('、')}），须由省公司市场部导入 / the import ${verb} ${kind} ${code}, sold in ${others.join(', ')}: only the province's marketing may`,
    });
  };

  const packagesBefore = new Map(current.packages.map((p) => [p.code, p]));
  const packagesAfter = new Map(next.packages.map((p) => [p.code, p]));
  for (const code of new Set([...packagesBefore.keys(), ...packagesAfter.keys()])) {
    const before = packagesBefore.get(code);
    const after = packagesAfter.get(code);
    check('package', code, before, after, before !== undefined && after !== undefined && canonical(before) === canonical(after));
  }

  const promotionsBefore = promotionContents(current);
  const promotionsAfter = promotionContents(next);
  for (const code of new Set([...promotionsBefore.keys(), ...promotionsAfter.keys()])) {
    const before = promotionsBefore.get(code);
    const after = promotionsAfter.get(code);
    check('promotion', code, before?.row, after?.row, before !== undefined && after !== undefined && before.content === after.content);
  }
  return problems;
}

/** Each promotion with everything under it, as one canonical text to compare. */
function promotionContents(rows: CatalogRows): Map<string, { row: { cities: string[] }; content: string }> {
  const out = new Map<string, { row: { cities: string[] }; content: string }>();
  for (const promotion of rows.promotions) {
    const batches = rows.batches.filter((b) => b.promotion_code === promotion.code);
    const batchCodes = new Set(batches.map((b) => b.code));
    const tiers = rows.tiers.filter((t) => batchCodes.has(t.batch_code));
    const tierCodes = new Set(tiers.map((t) => t.code));
    const content = canonical({
      promotion,
      batches: sortBy(batches, (b) => b.code),
      tiers: sortBy(tiers, (t) => `${t.batch_code}/${t.code}`),
      fees: sortBy(
        rows.fees.filter((f) => tierCodes.has(f.tier_code)),
        (f) => `${f.tier_code}/${f.kind}`,
      ),
      gifts: sortBy(
        rows.gifts.filter((g) => tierCodes.has(g.tier_code)),
        (g) => `${g.tier_code}/${g.code}`,
      ),
    });
    out.set(promotion.code, { row: promotion, content });
  }
  return out;
}

const sortBy = <T>(rows: T[], key: (row: T) => string): T[] => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/**
 * The same record read from the database and parsed from a file compares equal: keys in order,
 * lists of cities and families as sets, dates as calendar dates, numbers as numbers.
 */
function canonical(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/.test(value)) return value.slice(0, 10);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    return items.every((i) => typeof i === 'string') ? [...(items as string[])].sort() : items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, normalise((value as Record<string, unknown>)[k])]),
    );
  }
  return value ?? null;
}
