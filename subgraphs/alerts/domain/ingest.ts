import { checkMsisdn } from '../../../lib/msisdn.js';
import { unstorableText } from '../../../lib/text.js';
import { isCityCode } from '../../../lib/org-chart.js';
import { TYPE_WORDS, WARNING_TYPES, type WarningLevel, type WarningType } from './types.js';

/** A warning order as validated for storing; the raw text and raw type are always kept. Its text is read after it is stored. */
export interface AcceptedWarning {
  externalId: string;
  msisdn: string;
  city: string;
  hall: string | null;
  type: WarningType;
  rawType: string;
  level: WarningLevel;
  content: string;
  issuedAt: Date;
  /** The due date the sender gave; one the text names is read after the order is stored. */
  dueDate: string | null;
}

export interface Problem {
  field: string | null;
  reason: string;
}

/** A record refused: every problem it has, the first also as `field` and `reason`. */
export interface Rejection extends Problem {
  index: number;
  externalId: string | null;
  problems: Problem[];
}

export const MAX_BATCH = 5000;
const MAX_CONTENT = 4000;
const LEVEL_WORDS: Record<string, WarningLevel> = {
  HIGH: 'HIGH',
  MEDIUM: 'MEDIUM',
  LOW: 'LOW',
  高: 'HIGH',
  中: 'MEDIUM',
  低: 'LOW',
  '1': 'HIGH',
  '2': 'MEDIUM',
  '3': 'LOW',
  一级: 'HIGH',
  二级: 'MEDIUM',
  三级: 'LOW',
};

/** Known names in English or Chinese; anything else is UNKNOWN, kept as received in rawType. */
export function warningType(raw: string): WarningType {
  const upper = raw.trim().toUpperCase().replaceAll('-', '_');
  if ((WARNING_TYPES as readonly string[]).includes(upper)) return upper as WarningType;
  return WARNING_TYPES.find((t) => TYPE_WORDS[t].some((w) => raw.trim() === w || raw.trim() === `${w}预警`)) ?? 'UNKNOWN';
}

/** Dates PostgreSQL and the counter can both make sense of: a warning order is of this century. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

export function validateWarning(raw: unknown, index: number): { ok: AcceptedWarning } | { rejected: Rejection } {
  const problems: Problem[] = [];
  const problem = (field: string | null, reason: string) => void problems.push({ field, reason });
  const externalIdOf = isRecord(raw) && typeof raw.externalId === 'string' && !unstorableText(raw.externalId) ? raw.externalId : null;
  const rejected = () => ({ rejected: { index, externalId: externalIdOf, field: problems[0].field, reason: problems[0].reason, problems } });
  if (!isRecord(raw)) {
    problem(null, '记录须为对象 / a record must be an object');
    return rejected();
  }
  const text = (field: string, max: number, required = true): string | null => {
    const v = raw[field];
    if (v === undefined || v === null || v === '') {
      if (required) problem(field, `缺少 ${field} / ${field} is required`);
      return null;
    }
    if (typeof v !== 'string') {
      problem(field, `${field} 须为字符串 / ${field} must be a string`);
      return null;
    }
    if (v.length > max) {
      problem(field, `${field} 超过 ${max} 字符 / ${field} is longer than ${max}`);
      return null;
    }
    const unstorable = unstorableText(v);
    if (unstorable) {
      problem(field, `${field} ${unstorable}`);
      return null;
    }
    if (/[\u0001-\u0008\u000b\u000c\u000e-\u001f]/.test(v)) {
      problem(field, `${field} 含控制字符 / ${field} contains control characters`);
      return null;
    }
    return v.trim();
  };
  const f = {
    externalId: text('externalId', 64),
    msisdn: text('msisdn', 32),
    type: text('type', 32),
    level: text('level', 16),
    content: text('content', MAX_CONTENT),
    issuedAt: text('issuedAt', 40),
    dueDate: text('dueDate', 10, false),
    city: text('city', 32),
    hall: text('hall', 64, false),
  };
  if (f.externalId !== null && !/^[A-Za-z0-9_.:-]+$/.test(f.externalId)) problem('externalId', `外部编号只能含字母、数字和 _.:- / invalid external id`);
  const msisdn = f.msisdn === null ? null : checkMsisdn(f.msisdn);
  if (msisdn && !msisdn.ok) problem('msisdn', msisdn.reason);
  const level = f.level === null ? null : (LEVEL_WORDS[f.level.toUpperCase()] ?? LEVEL_WORDS[f.level] ?? null);
  if (f.level !== null && !level) problem('level', `级别 ${f.level} 无效（HIGH/MEDIUM/LOW 或 高/中/低） / invalid level`);
  const issuedAt = f.issuedAt === null ? null : new Date(f.issuedAt);
  if (f.issuedAt !== null && (!/^\d{4}-\d{2}-\d{2}T/.test(f.issuedAt) || Number.isNaN(issuedAt!.getTime())))
    problem('issuedAt', `下发时间须为 ISO 8601: ${f.issuedAt} / issuedAt must be ISO 8601`);
  else if (issuedAt && (issuedAt.getTime() < EARLIEST || issuedAt.getTime() >= LATEST))
    problem('issuedAt', `下发时间须在2000年到2099年之间: ${f.issuedAt} / issuedAt must be in 2000..2099`);
  if (f.dueDate !== null) {
    const due = Date.parse(`${f.dueDate}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.dueDate) || Number.isNaN(due) || new Date(due).toISOString().slice(0, 10) !== f.dueDate)
      problem('dueDate', `截止日期须为 YYYY-MM-DD: ${f.dueDate} / dueDate must be a date`);
    else if (due < EARLIEST || due >= LATEST) problem('dueDate', `截止日期须在2000年到2099年之间: ${f.dueDate} / dueDate must be in 2000..2099`);
  }
  if (f.city !== null && !isCityCode(f.city)) problem('city', `未知地市 ${f.city} / unknown city`);
  if (f.hall !== null && f.city !== null && !f.hall.startsWith(`${f.city}-`))
    problem('hall', `营业厅 ${f.hall} 不属于地市 ${f.city} / the hall is not in that city`);
  if (f.content !== null && f.content.length === 0) problem('content', '工单内容为空 / content is empty');
  if (problems.length > 0) return rejected();
  return {
    ok: {
      externalId: f.externalId!,
      msisdn: (msisdn as { ok: true; msisdn: string }).msisdn,
      city: f.city!,
      hall: f.hall,
      type: warningType(f.type!),
      rawType: f.type!,
      level: level!,
      content: f.content!,
      issuedAt: issuedAt!,
      dueDate: f.dueDate,
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
