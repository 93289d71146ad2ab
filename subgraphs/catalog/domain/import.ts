import { parse as parseCsv } from 'csv-parse/sync';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { CITIES } from '../../../lib/org-chart.js';
import type { BatchRow, FeeRow, GiftRow, PackageRow, PromotionRow, TierRow } from '../store.js';
import { AUDIENCES, FAMILIES } from './rules/model.js';

/**
 * Catalogue import: a whole catalogue as JSON, or as CSV (packages, and optionally promotion
 * tiers). Validated whole: one bad row and nothing is imported, with every bad row reported.
 */
export interface ImportProblem {
  /** 1-based line in the file the record starts on. */
  line: number | null;
  /** Which file and record: "packages.csv", "promotions[3].batches[0]". */
  record: string;
  field: string | null;
  message: string;
}

export interface CatalogRows {
  packages: PackageRow[];
  promotions: PromotionRow[];
  batches: BatchRow[];
  tiers: TierRow[];
  fees: FeeRow[];
  gifts: GiftRow[];
}

export type ImportResult = { ok: true; rows: CatalogRows } | { ok: false; problems: ImportProblem[] };

export const PROMOTION_KINDS = ['PREPAY_BONUS', 'HANDSET', 'BROADBAND_BUNDLE', 'RIGHTS_GIFT', 'MIN_SPEND', 'NEW_ACTIVATION'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];
const CITY_CODES = new Set(CITIES.map((c) => c.code));
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Collects problems for one record, and converts its fields. */
class RecordReader {
  constructor(
    private readonly values: Record<string, unknown>,
    private readonly where: { line: number | null; record: string },
    private readonly problems: ImportProblem[],
  ) {}
  private fail(field: string, message: string): undefined {
    this.problems.push({ ...this.where, field, message });
    return undefined;
  }
  private raw(field: string): unknown {
    const v = this.values[field];
    return typeof v === 'string' ? v.trim() : v;
  }
  text(field: string, required = true): string | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null || v === '') return required ? this.fail(field, `缺少 ${field} / ${field} is required`) : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') return this.fail(field, `${field} 须为文本 / must be text`);
    return String(v);
  }
  code(field: string): string | undefined {
    const v = this.text(field);
    if (v !== undefined && !CODE.test(v)) return this.fail(field, `编码 ${v} 无效（字母、数字、-_.，不超过64字符） / invalid code`);
    return v;
  }
  oneOf<T extends string>(field: string, allowed: readonly T[], fallback?: T): T | undefined {
    const v = this.text(field, fallback === undefined);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) return this.fail(field, `${field} 取值 ${v} 无效，可选: ${allowed.join(', ')} / invalid value`);
    return v as T;
  }
  number(field: string, { required = true, integer = false, min = 0, max = Number.POSITIVE_INFINITY } = {}): number | undefined {
    const v = this.raw(field);
    if (v === undefined || v === null || v === '') return required ? this.fail(field, `缺少 ${field} / ${field} is required`) : undefined;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
      return this.fail(field, `${field} 须为${integer ? '整数' : '数字'}: ${String(v)} / must be a number`);
    if (n < min) return this.fail(field, `${field} 不能小于 ${min}: ${n} / below ${min}`);
    if (n > max) return this.fail(field, `${field} 不能大于 ${max}: ${n} / above ${max}`);
    return n;
  }
  cents(field: string, required = true): number | undefined {
    const n = this.number(field, { required });
    if (n === undefined) return undefined;
    if (Math.round(n * 100) !== Math.round(n * 100 * 1e6) / 1e6) return this.fail(field, `${field} 最多两位小数 / at most two decimals`);
    return Math.round(n * 100);
  }
  bool(field: string): boolean | undefined {
    const v = this.raw(field);
    if (v === true || v === 'true' || v === '1' || v === '是') return true;
    if (v === false || v === 'false' || v === '0' || v === '否' || v === '' || v === undefined) return false;
    return this.fail(field, `${field} 须为 true/false / must be true or false`);
  }
  date(field: string, required = true): string | null | undefined {
    const v = this.text(field, required);
    if (v === undefined) return required ? undefined : null;
    if (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v)
      return this.fail(field, `${field} 须为日期 YYYY-MM-DD: ${v} / must be a date`);
    return v;
  }
  list<T extends string>(field: string, allowed: ReadonlySet<T> | readonly T[], what: string): T[] | undefined {
    const v = this.raw(field);
    const items = Array.isArray(v)
      ? v.map(String)
      : typeof v === 'string'
        ? v
            .split(/[|;，,]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : null;
    if (!items || items.length === 0) return this.fail(field, `${field} 须列出至少一个${what} / needs at least one ${what}`);
    const set: ReadonlySet<string> = allowed instanceof Set ? allowed : new Set<string>(allowed as readonly T[]);
    const bad = items.filter((x) => !set.has(x));
    if (bad.length) return this.fail(field, `未知${what}: ${bad.join(', ')} / unknown value`);
    return [...new Set(items as T[])];
  }
  range(fromField: string, from: string | null | undefined, toField: string, to: string | null | undefined): void {
    if (from && to && to < from) this.fail(toField, `${toField} ${to} 早于 ${fromField} ${from} / ends before it starts`);
  }
}

function readPackage(r: RecordReader): PackageRow | null {
  const code = r.code('code');
  const name = r.text('name');
  const brand = r.text('brand', false) ?? '中国移动';
  const family = r.oneOf('family', FAMILIES);
  const audience = r.oneOf('audience', AUDIENCES, 'GENERAL');
  const fee = r.cents('monthlyFee');
  const dataGb = r.number('dataGb', { required: false }) ?? 0;
  const voice = r.number('voiceMinutes', { required: false, integer: true }) ?? 0;
  const is5g = r.bool('is5g');
  const broadband = r.number('broadbandMbps', { required: false, integer: true, min: 1 }) ?? null;
  const contract = r.number('contractMonths', { required: false, integer: true }) ?? 0;
  const status = r.oneOf('status', ['ONLINE', 'OFFLINE'] as const);
  const validFrom = r.date('validFrom');
  const validTo = r.date('validTo', false);
  r.range('validFrom', validFrom, 'validTo', validTo);
  const cities = r.list('cities', CITY_CODES, '地市');
  const description = r.text('description', false) ?? '';
  if (
    code === undefined ||
    name === undefined ||
    family === undefined ||
    audience === undefined ||
    fee === undefined ||
    is5g === undefined ||
    status === undefined ||
    !validFrom ||
    validTo === undefined ||
    !cities
  )
    return null;
  return {
    code,
    name,
    brand,
    family,
    audience,
    monthly_fee_cents: fee,
    data_gb: dataGb,
    voice_minutes: voice,
    is_5g: is5g,
    broadband_mbps: broadband,
    contract_months: contract,
    status,
    valid_from: validFrom,
    valid_to: validTo,
    cities,
    description,
  };
}

interface Located<T> {
  row: T;
  line: number | null;
  record: string;
}

/** Codes must be unique across the file; a repeat is reported on the repeating record. */
function checkUnique<T>(items: Located<T>[], key: (t: T) => string, what: string, problems: ImportProblem[]): void {
  const seen = new Map<string, Located<T>>();
  for (const item of items) {
    const k = key(item.row);
    const first = seen.get(k);
    if (first)
      problems.push({
        line: item.line,
        record: item.record,
        field: 'code',
        message: `${what}编码 ${k} 重复（首次出现在${first.line ? `第${first.line}行` : first.record}） / duplicate code`,
      });
    else seen.set(k, item);
  }
}

function finish(packages: Located<PackageRow>[], tree: PromotionTree, problems: ImportProblem[]): ImportResult {
  checkUnique(packages, (p) => p.code, '套餐', problems);
  checkUnique(tree.promotions, (p) => p.code, '营销活动', problems);
  checkUnique(tree.batches, (b) => b.code, '批次', problems);
  checkUnique(tree.tiers, (t) => t.code, '档次', problems);
  checkUnique(tree.gifts, (g) => g.code, '礼品', problems);
  if (packages.length === 0 && problems.length === 0)
    problems.push({ line: null, record: 'packages', field: null, message: '目录中没有套餐 / the catalogue has no packages' });
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  return {
    ok: true,
    rows: {
      packages: packages.map((p) => p.row),
      promotions: tree.promotions.map((p) => p.row),
      batches: tree.batches.map((b) => b.row),
      tiers: tree.tiers.map((t) => t.row),
      fees: tree.fees,
      gifts: tree.gifts.map((g) => g.row),
    },
  };
}

interface PromotionTree {
  promotions: Located<PromotionRow>[];
  batches: Located<BatchRow>[];
  tiers: Located<TierRow>[];
  fees: FeeRow[];
  gifts: Located<GiftRow>[];
}
const emptyTree = (): PromotionTree => ({ promotions: [], batches: [], tiers: [], fees: [], gifts: [] });

// ---------------------------------------------------------------------------------------------
// JSON: { "packages": [...], "promotions": [{ ..., "batches": [{ ..., "tiers": [{ ..., "fees", "gifts" }] }] }] }

export function parseCatalogJson(source: string): ImportResult {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    // The YAML parser reads JSON too and says where it broke.
    const doc = parseDocument(source, { lineCounter: new LineCounter(), prettyErrors: true });
    const e = doc.errors[0];
    return {
      ok: false,
      problems: [
        {
          line: e?.linePos?.[0].line ?? null,
          record: 'file',
          field: null,
          message: `JSON 格式错误 / invalid JSON: ${e?.message.split('\n')[0] ?? 'unexpected end'}`,
        },
      ],
    };
  }
  const problems: ImportProblem[] = [];
  // Lines are found only when there is something to report: JSON.parse is fast but keeps no
  // positions, so a failed import parses again with positions to point at each bad record.
  const paths = new Map<string, (string | number)[]>();
  const lineOf = (path: (string | number)[]) => {
    paths.set(pathText(path), path);
    return null;
  };
  if (!isRecord(value) || !Array.isArray(value.packages)) {
    return {
      ok: false,
      problems: [
        {
          line: 1,
          record: 'file',
          field: 'packages',
          message: '顶层须为 {"packages": [...], "promotions": [...]} / expected an object with packages and promotions',
        },
      ],
    };
  }
  const packages: Located<PackageRow>[] = [];
  value.packages.forEach((p, i) => {
    const where = { line: lineOf(['packages', i]), record: `packages[${i}]` };
    if (!isRecord(p)) {
      problems.push({ ...where, field: null, message: '套餐须为对象 / a package must be an object' });
      return;
    }
    const row = readPackage(new RecordReader(p, where, problems));
    if (row) packages.push({ row, ...where });
  });
  const tree = emptyTree();
  const promotions = value.promotions ?? [];
  if (!Array.isArray(promotions))
    problems.push({ line: lineOf(['promotions']), record: 'promotions', field: null, message: 'promotions 须为数组 / must be an array' });
  else
    promotions.forEach((p, i) => {
      readPromotionJson(p, ['promotions', i], lineOf, tree, problems);
    });
  const result = finish(packages, tree, problems);
  if (result.ok) return result;
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  for (const problem of result.problems) {
    const path = paths.get(problem.record);
    if (path) problem.line = nodeLine(doc, lineCounter, path);
  }
  result.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return result;
}

function readPromotionJson(
  p: unknown,
  path: (string | number)[],
  lineOf: (p: (string | number)[]) => number | null,
  tree: PromotionTree,
  problems: ImportProblem[],
): void {
  const where = { line: lineOf(path), record: pathText(path) };
  if (!isRecord(p)) {
    problems.push({ ...where, field: null, message: '须为对象 / must be an object' });
    return;
  }
  const r = new RecordReader(p, where, problems);
  const promotion = readPromotionHead(r);
  if (promotion) tree.promotions.push({ row: promotion, ...where });
  const batches = Array.isArray(p.batches) ? p.batches : [];
  if (batches.length === 0) problems.push({ ...where, field: 'batches', message: '营销活动须至少有一个批次 / a promotion needs at least one batch' });
  batches.forEach((b, bi) => {
    const bPath = [...path, 'batches', bi];
    const bWhere = { line: lineOf(bPath), record: pathText(bPath) };
    if (!isRecord(b)) {
      problems.push({ ...bWhere, field: null, message: '须为对象 / must be an object' });
      return;
    }
    const batch = readBatch(new RecordReader(b, bWhere, problems), promotion?.code);
    if (batch) tree.batches.push({ row: batch, ...bWhere });
    const tiers = Array.isArray(b.tiers) ? b.tiers : [];
    if (tiers.length === 0) problems.push({ ...bWhere, field: 'tiers', message: '批次须至少有一个档次 / a batch needs at least one tier' });
    tiers.forEach((t, ti) => {
      const tPath = [...bPath, 'tiers', ti];
      const tWhere = { line: lineOf(tPath), record: pathText(tPath) };
      if (!isRecord(t)) {
        problems.push({ ...tWhere, field: null, message: '须为对象 / must be an object' });
        return;
      }
      const tr = new RecordReader(t, tWhere, problems);
      const tier = readTier(tr, batch?.code, ti);
      const fees = isRecord(t.fees) ? t.fees : {};
      const feeReader = new RecordReader(fees, tWhere, problems);
      const feeRows = readFees(feeReader, tier?.code, { PREPAYMENT: 'prepayment', DEPOSIT: 'deposit', ONE_TIME: 'oneTime' });
      const gifts = Array.isArray(t.gifts) ? t.gifts : [];
      gifts.forEach((g, gi) => {
        const gPath = [...tPath, 'gifts', gi];
        const gWhere = { line: lineOf(gPath), record: pathText(gPath) };
        if (!isRecord(g)) {
          problems.push({ ...gWhere, field: null, message: '须为对象 / must be an object' });
          return;
        }
        const gift = readGift(new RecordReader(g, gWhere, problems), tier?.code);
        if (gift) tree.gifts.push({ row: gift, ...gWhere });
      });
      if (tier) {
        tree.tiers.push({ row: tier, ...tWhere });
        tree.fees.push(...feeRows);
      }
    });
  });
}

function readPromotionHead(r: RecordReader): PromotionRow | null {
  const code = r.code('code');
  const name = r.text('name');
  const kind = r.oneOf('kind', PROMOTION_KINDS);
  const description = r.text('description', false) ?? '';
  const cities = r.list('cities', CITY_CODES, '地市');
  const families = r.list('families', FAMILIES, '套餐大类');
  if (!code || !name || !kind || !cities || !families) return null;
  return { code, name, kind, description, cities, families };
}

function readBatch(r: RecordReader, promotionCode: string | undefined): BatchRow | null {
  const code = r.code('code');
  const name = r.text('name');
  const validFrom = r.date('validFrom');
  const validTo = r.date('validTo');
  r.range('validFrom', validFrom, 'validTo', validTo);
  if (!code || !name || !validFrom || !validTo || !promotionCode || validTo < validFrom) return null;
  return { code, promotion_code: promotionCode, name, valid_from: validFrom, valid_to: validTo };
}

function readTier(r: RecordReader, batchCode: string | undefined, ordinal: number): TierRow | null {
  const code = r.code('code');
  const name = r.text('name');
  const minFee = r.cents('minMonthlyFee');
  const months = r.number('contractMonths', { integer: true });
  const discount = r.cents('monthlyDiscount', false) ?? 0;
  // How many gifts one customer may choose; a catalogue written before the field existed means one.
  const giftChoices = r.number('giftChoices', { integer: true, required: false, min: 0, max: 10 });
  if (!code || !name || minFee === undefined || months === undefined || !batchCode) return null;
  return {
    code,
    batch_code: batchCode,
    ordinal,
    name,
    min_monthly_fee_cents: minFee,
    contract_months: months,
    monthly_discount_cents: discount,
    gift_choices: giftChoices ?? 1,
  };
}

function readFees(r: RecordReader, tierCode: string | undefined, fields: Record<FeeRow['kind'], string>): FeeRow[] {
  return (Object.entries(fields) as [FeeRow['kind'], string][]).flatMap(([kind, field]) => {
    const amount = r.cents(field, false);
    return amount && tierCode ? [{ tier_code: tierCode, kind, amount_cents: amount }] : [];
  });
}

function readGift(r: RecordReader, tierCode: string | undefined): GiftRow | null {
  const code = r.code('code');
  const name = r.text('name');
  const value = r.cents('value');
  const stock = r.number('stock', { integer: true });
  if (!code || !name || value === undefined || stock === undefined || !tierCode) return null;
  return { code, tier_code: tierCode, name, value_cents: value, stock };
}

// ---------------------------------------------------------------------------------------------
// CSV: packages.csv (one package per row) and promotions.csv (one tier per row, promotion and
// batch columns repeated; gifts as code:name:value:stock separated by |).

export const PACKAGE_CSV_COLUMNS = [
  'code',
  'name',
  'brand',
  'family',
  'audience',
  'monthly_fee',
  'data_gb',
  'voice_minutes',
  'is_5g',
  'broadband_mbps',
  'contract_months',
  'status',
  'valid_from',
  'valid_to',
  'cities',
  'description',
] as const;
export const PROMOTION_CSV_COLUMNS = [
  'promotion_code',
  'promotion_name',
  'kind',
  'description',
  'cities',
  'families',
  'batch_code',
  'batch_name',
  'batch_valid_from',
  'batch_valid_to',
  'tier_code',
  'tier_name',
  'min_monthly_fee',
  'contract_months',
  'monthly_discount',
  'prepayment',
  'deposit',
  'one_time',
  'gifts',
] as const;

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function readCsv(source: string, file: string, columns: readonly string[], problems: ImportProblem[]): { values: Record<string, string>; line: number }[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(source, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true, relax_column_count: false });
  } catch (e) {
    const err = e as { message: string; lines?: number };
    problems.push({ line: err.lines ?? null, record: file, field: null, message: `CSV 格式错误 / invalid CSV: ${err.message}` });
    return [];
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = columns.filter(
    (c) =>
      !header.includes(c) &&
      ![
        'brand',
        'audience',
        'description',
        'data_gb',
        'voice_minutes',
        'broadband_mbps',
        'contract_months',
        'valid_to',
        'monthly_discount',
        'prepayment',
        'deposit',
        'one_time',
        'gifts',
      ].includes(c),
  );
  if (records.length > 0 && missing.length > 0)
    problems.push({ line: 1, record: file, field: null, message: `缺少列: ${missing.join(', ')} / missing columns` });
  const unknown = header.filter((h) => !columns.includes(h));
  if (unknown.length > 0) problems.push({ line: 1, record: file, field: null, message: `未知列: ${unknown.join(', ')} / unknown columns` });
  // info.lines is the line the record ends on; a record without embedded newlines starts there too.
  return records.map(({ record, info }) => ({ values: Object.fromEntries(Object.entries(record).map(([k, v]) => [camel(k), v])), line: info.lines }));
}

export function parseCatalogCsv(packagesCsv: string, promotionsCsv: string | null): ImportResult {
  const problems: ImportProblem[] = [];
  const packages: Located<PackageRow>[] = [];
  for (const { values, line } of readCsv(packagesCsv, 'packages.csv', PACKAGE_CSV_COLUMNS, problems)) {
    const where = { line, record: 'packages.csv' };
    const row = readPackage(new RecordReader(values, where, problems));
    if (row) packages.push({ row, ...where });
  }
  const tree = emptyTree();
  if (promotionsCsv !== null) {
    const promotions = new Map<string, PromotionRow>();
    const batches = new Map<string, BatchRow>();
    const ordinals = new Map<string, number>();
    for (const { values, line } of readCsv(promotionsCsv, 'promotions.csv', PROMOTION_CSV_COLUMNS, problems)) {
      const where = { line, record: 'promotions.csv' };
      const r = new RecordReader({ ...values, code: values.promotionCode, name: values.promotionName }, where, problems);
      const promotion = readPromotionHead(r);
      if (promotion && !promotions.has(promotion.code)) {
        promotions.set(promotion.code, promotion);
        tree.promotions.push({ row: promotion, ...where });
      } else if (promotion && JSON.stringify(promotions.get(promotion.code)) !== JSON.stringify(promotion)) {
        problems.push({ ...where, field: 'promotion_code', message: `营销活动 ${promotion.code} 的各行信息不一致 / rows of one promotion disagree` });
      }
      const batch = readBatch(
        new RecordReader({ code: values.batchCode, name: values.batchName, validFrom: values.batchValidFrom, validTo: values.batchValidTo }, where, problems),
        promotion?.code,
      );
      if (batch && !batches.has(batch.code)) {
        batches.set(batch.code, batch);
        tree.batches.push({ row: batch, ...where });
      } else if (batch && JSON.stringify(batches.get(batch.code)) !== JSON.stringify(batch)) {
        problems.push({ ...where, field: 'batch_code', message: `批次 ${batch.code} 的各行信息不一致 / rows of one batch disagree` });
      }
      const ordinal = ordinals.get(batch?.code ?? '') ?? 0;
      if (batch) ordinals.set(batch.code, ordinal + 1);
      const tr = new RecordReader({ ...values, code: values.tierCode, name: values.tierName }, where, problems);
      const tier = readTier(tr, batch?.code, ordinal);
      const fees = readFees(tr, tier?.code, { PREPAYMENT: 'prepayment', DEPOSIT: 'deposit', ONE_TIME: 'oneTime' });
      const giftText = values.gifts ?? '';
      for (const spec of giftText
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean)) {
        const [code, name, value, stock, ...rest] = spec.split(':');
        if (rest.length > 0 || stock === undefined) {
          problems.push({ ...where, field: 'gifts', message: `礼品须写作 编码:名称:价值:库存，得到 ${spec} / gift must be code:name:value:stock` });
          continue;
        }
        const gift = readGift(new RecordReader({ code, name, value, stock }, where, problems), tier?.code);
        if (gift) tree.gifts.push({ row: gift, ...where });
      }
      if (tier) {
        tree.tiers.push({ row: tier, ...where });
        tree.fees.push(...fees);
      }
    }
  }
  return finish(packages, tree, problems);
}

function nodeLine(doc: Document, lines: LineCounter, path: (string | number)[]): number | null {
  const node = doc.getIn(path, true);
  return isNode(node) && node.range ? lines.linePos(node.range[0]).line : null;
}

const pathText = (path: (string | number)[]) => path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The inverse of parseCatalogJson: a catalogue as the JSON marketing edits and imports again. */
export function catalogToJson(rows: CatalogRows): string {
  const yuan = (cents: number) => cents / 100;
  const feesOf = new Map<string, Record<string, number>>();
  for (const f of rows.fees) {
    const fees = feesOf.get(f.tier_code) ?? {};
    fees[{ PREPAYMENT: 'prepayment', DEPOSIT: 'deposit', ONE_TIME: 'oneTime' }[f.kind]] = yuan(f.amount_cents);
    feesOf.set(f.tier_code, fees);
  }
  const doc = {
    packages: rows.packages.map((p) => ({
      code: p.code,
      name: p.name,
      brand: p.brand,
      family: p.family,
      audience: p.audience,
      monthlyFee: yuan(p.monthly_fee_cents),
      dataGb: p.data_gb,
      voiceMinutes: p.voice_minutes,
      is5g: p.is_5g,
      broadbandMbps: p.broadband_mbps,
      contractMonths: p.contract_months,
      status: p.status,
      validFrom: p.valid_from,
      validTo: p.valid_to,
      cities: p.cities,
      description: p.description,
    })),
    promotions: rows.promotions.map((p) => ({
      code: p.code,
      name: p.name,
      kind: p.kind,
      description: p.description,
      cities: p.cities,
      families: p.families,
      batches: rows.batches
        .filter((b) => b.promotion_code === p.code)
        .map((b) => ({
          code: b.code,
          name: b.name,
          validFrom: b.valid_from,
          validTo: b.valid_to,
          tiers: rows.tiers
            .filter((t) => t.batch_code === b.code)
            .sort((x, y) => x.ordinal - y.ordinal)
            .map((t) => ({
              code: t.code,
              name: t.name,
              minMonthlyFee: yuan(t.min_monthly_fee_cents),
              contractMonths: t.contract_months,
              monthlyDiscount: yuan(t.monthly_discount_cents),
              giftChoices: t.gift_choices,
              fees: feesOf.get(t.code) ?? {},
              gifts: rows.gifts.filter((g) => g.tier_code === t.code).map((g) => ({ code: g.code, name: g.name, value: yuan(g.value_cents), stock: g.stock })),
            })),
        })),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
