import { checkMsisdn } from '../../../lib/msisdn.js';
import { CITIES } from '../../../lib/seed/world.js';
import { parseWarningContent, type ParsedWarning } from './parse-content.js';
import { TYPE_WORDS, WARNING_TYPES, type WarningLevel, type WarningType } from './types.js';

/** A warning order as validated for storing; the raw text and raw type are always kept. */
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
  dueDate: string | null;
  parsed: ParsedWarning;
}

export interface Rejection {
  index: number;
  externalId: string | null;
  field: string | null;
  reason: string;
}

export const MAX_BATCH = 5000;
const MAX_CONTENT = 4000;
const CITY_CODES = new Set(CITIES.map((c) => c.code));
const LEVEL_WORDS: Record<string, WarningLevel> = { HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW', 高: 'HIGH', 中: 'MEDIUM', 低: 'LOW', '1': 'HIGH', '2': 'MEDIUM', '3': 'LOW', 一级: 'HIGH', 二级: 'MEDIUM', 三级: 'LOW' };

/** Known names in English or Chinese; anything else is UNKNOWN, kept as received in rawType. */
export function warningType(raw: string): WarningType {
  const upper = raw.trim().toUpperCase().replaceAll('-', '_');
  if ((WARNING_TYPES as readonly string[]).includes(upper)) return upper as WarningType;
  return WARNING_TYPES.find((t) => TYPE_WORDS[t].some((w) => raw.trim() === w || raw.trim() === `${w}预警`)) ?? 'UNKNOWN';
}

export function validateWarning(raw: unknown, index: number, day: (at: Date) => string): { ok: AcceptedWarning } | { rejected: Rejection } {
  const reject = (field: string | null, reason: string) => ({ rejected: { index, externalId: isRecord(raw) && typeof raw.externalId === 'string' ? raw.externalId : null, field, reason } });
  if (!isRecord(raw)) return reject(null, '记录须为对象 / a record must be an object');
  const text = (field: string, max: number, required = true): string | null | { error: string } => {
    const v = raw[field];
    if (v === undefined || v === null || v === '') return required ? { error: `缺少 ${field} / ${field} is required` } : null;
    if (typeof v !== 'string') return { error: `${field} 须为字符串 / ${field} must be a string` };
    if (v.length > max) return { error: `${field} 超过 ${max} 字符 / ${field} is longer than ${max}` };
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)) return { error: `${field} 含控制字符 / ${field} contains control characters` };
    return v.trim();
  };
  const fields = {
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
  for (const [field, v] of Object.entries(fields)) if (v && typeof v === 'object') return reject(field, v.error);
  const f = fields as Record<keyof typeof fields, string | null>;
  if (!/^[A-Za-z0-9_.:-]+$/.test(f.externalId!)) return reject('externalId', `外部编号只能含字母、数字和 _.:- / invalid external id`);
  const msisdn = checkMsisdn(f.msisdn!);
  if (!msisdn.ok) return reject('msisdn', msisdn.reason);
  const level = LEVEL_WORDS[f.level!.toUpperCase()] ?? LEVEL_WORDS[f.level!];
  if (!level) return reject('level', `级别 ${f.level} 无效（HIGH/MEDIUM/LOW 或 高/中/低） / invalid level`);
  const issuedAt = new Date(f.issuedAt!);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(f.issuedAt!) || Number.isNaN(issuedAt.getTime())) return reject('issuedAt', `下发时间须为 ISO 8601: ${f.issuedAt} / issuedAt must be ISO 8601`);
  if (f.dueDate && (!/^\d{4}-\d{2}-\d{2}$/.test(f.dueDate) || Number.isNaN(Date.parse(`${f.dueDate}T00:00:00Z`)) || new Date(`${f.dueDate}T00:00:00Z`).toISOString().slice(0, 10) !== f.dueDate))
    return reject('dueDate', `截止日期须为 YYYY-MM-DD: ${f.dueDate} / dueDate must be a date`);
  if (!CITY_CODES.has(f.city!)) return reject('city', `未知地市 ${f.city} / unknown city`);
  if (f.hall && !f.hall.startsWith(`${f.city}-`)) return reject('hall', `营业厅 ${f.hall} 不属于地市 ${f.city} / the hall is not in that city`);
  if (f.content!.length === 0) return reject('content', '工单内容为空 / content is empty');
  const parsed = parseWarningContent(f.content!, day(issuedAt));
  return {
    ok: {
      externalId: f.externalId!,
      msisdn: msisdn.msisdn,
      city: f.city!,
      hall: f.hall,
      type: warningType(f.type!),
      rawType: f.type!,
      level,
      content: f.content!,
      issuedAt,
      dueDate: f.dueDate ?? parsed.dueDate,
      parsed,
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
