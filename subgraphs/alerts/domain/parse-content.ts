import { TYPE_WORDS, WARNING_TYPES, type KnownWarningType, type WarningLevel } from './types.js';

/**
 * Reads a warning order's free Chinese text into structured information: type, level, reasons,
 * figures (usage drop, arrears, complaints …), suggested actions, due date. What is not understood
 * is reported by the status and the raw text is always kept by the caller.
 */
export interface ParsedWarning {
  status: 'PARSED' | 'PARTIAL' | 'UNPARSED';
  type: KnownWarningType | null;
  level: WarningLevel | null;
  reasons: string[];
  figures: { name: string; value: number; unit: string }[];
  actions: string[];
  dueDate: string | null;
}

const FIGURES: { name: string; unit: string; pattern: RegExp }[] = [
  { name: '流量下降', unit: '%', pattern: /(?:流量|使用量?|用量)[^，。；]{0,8}?(?:下降|下滑|减少|降低)了?\s*(\d+(?:\.\d+)?)\s*[%％]/ },
  { name: '通话下降', unit: '%', pattern: /通话[^，。；]{0,8}?(?:下降|减少)了?\s*(\d+(?:\.\d+)?)\s*[%％]/ },
  { name: '欠费金额', unit: '元', pattern: /欠(?:费|款)(?:金额)?[：:]?\s*(\d+(?:\.\d+)?)\s*元/ },
  { name: '月均消费', unit: '元', pattern: /(?:月均消费|月均ARPU|ARPU)\s*[：:]?\s*(\d+(?:\.\d+)?)\s*元/i },
  { name: '当前套餐月费', unit: '元', pattern: /由\s*(\d+(?:\.\d+)?)\s*元(?:套餐|档)/ },
  { name: '投诉次数', unit: '次', pattern: /投诉\s*(\d+)\s*次/ },
  { name: '查询携转次数', unit: '次', pattern: /(?:查询|咨询)[^，。；]{0,10}?携(?:号转网|转)[^，。；]{0,6}?(\d+)\s*次/ },
  { name: '掉话率', unit: '%', pattern: /掉话率\s*[：:]?\s*(\d+(?:\.\d+)?)\s*[%％]/ },
  { name: '统计天数', unit: '天', pattern: /(?:近|最近)\s*(\d+)\s*天/ },
  { name: '统计月数', unit: '个月', pattern: /(?:近|最近)\s*(\d+)\s*个?月/ },
];

const LEVELS: [WarningLevel, RegExp][] = [
  ['HIGH', /(?:级别|等级)[：:]?\s*(?:高|一级|紧急|红)|高危|高风险|紧急|【高】|\[高\]/],
  ['MEDIUM', /(?:级别|等级)[：:]?\s*(?:中|二级|橙|黄)|中风险|【中】|\[中\]/],
  ['LOW', /(?:级别|等级)[：:]?\s*(?:低|三级|一般|蓝)|低风险|【低】|\[低\]/],
];

const ACTION_MARK = /(?:建议(?:措施|动作)?|处理建议|推荐动作)[：:]\s*/;
const DUE_PATTERNS: RegExp[] = [
  /(?:请于|须于|需于|时限|截止(?:日期|时间)?|处理时限|完成时限|前回访|到期前)[：:]?\s*(\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?)/,
  /(\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?)\s*(?:前|之前)/,
  /(?:请于|须于|时限|截止)[：:]?\s*(\d{1,2}月\d{1,2}日)/,
  /(\d{1,2}月\d{1,2}日)\s*(?:前|之前)/,
];

export function parseWarningContent(text: string, issuedOn: string): ParsedWarning {
  const clean = text.replace(/\s+/g, ' ').trim();
  const type = detectType(clean);
  const level = LEVELS.find(([, re]) => re.test(clean))?.[0] ?? null;
  const figures = FIGURES.flatMap(({ name, unit, pattern }) => {
    const m = pattern.exec(clean);
    return m ? [{ name, value: Number(m[1]), unit }] : [];
  });
  const dueDate = findDueDate(clean, issuedOn);

  const [situation, advice = ''] = clean.split(ACTION_MARK, 2);
  const body = situation
    .replace(/^【[^】]*】/, '')
    .replace(/^\[[^\]]*\]/, '')
    .trim();
  const reasons = sentences(body).filter((s) => !/^(?:请于|须于|时限|截止|处理时限)/.test(s) && s.length >= 4);
  const actions = ACTION_MARK.test(clean)
    ? sentences(advice)
        .filter((s) => !DUE_PATTERNS.some((re) => re.test(s)) && !/^(?:请于|须于|时限|截止|处理时限)/.test(s))
        .flatMap((s) => s.split(/[；;]|，(?:并|同时)|并(?=[\u4e00-\u9fff]{2,})/))
        .map((s) => s.replace(/^[，,、\s]+|[，,、\s]+$/g, ''))
        .filter((s) => s.length >= 2)
    : [];

  // Sentences alone are not understanding: something must have been recognised in them.
  const recognised = type !== null || level !== null || figures.length > 0 || actions.length > 0 || dueDate !== null;
  const status = type && reasons.length > 0 && actions.length > 0 ? 'PARSED' : recognised ? 'PARTIAL' : 'UNPARSED';
  return { status, type, level, reasons: status === 'UNPARSED' ? [] : reasons, figures, actions, dueDate };
}

function detectType(text: string): KnownWarningType | null {
  // The tag (【脉动预警·离网】) is the grid system's own classification: trust it first.
  const tag = /^[【[]([^】\]]+)[】\]]/.exec(text)?.[1];
  if (tag) {
    const t = WARNING_TYPES.find((type) => TYPE_WORDS[type].some((w) => tag.includes(w)));
    if (t) return t;
  }
  let best: { type: KnownWarningType; at: number } | null = null;
  for (const type of WARNING_TYPES) {
    for (const w of TYPE_WORDS[type]) {
      const at = text.indexOf(w);
      if (at >= 0 && (!best || at < best.at)) best = { type, at };
    }
  }
  return best?.type ?? null;
}

function sentences(text: string): string[] {
  return text
    .split(/[。！!？?\n]/)
    .map((s) => s.trim().replace(/^[，,：:]+/, ''))
    .filter(Boolean);
}

function findDueDate(text: string, issuedOn: string): string | null {
  for (const re of DUE_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const full = /(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})/.exec(m[1]);
    const short = /(\d{1,2})月(\d{1,2})日/.exec(m[1]);
    let y: number;
    let mo: number;
    let d: number;
    if (full) [y, mo, d] = [Number(full[1]), Number(full[2]), Number(full[3])];
    else if (short) {
      [mo, d] = [Number(short[1]), Number(short[2])];
      // A date without a year is the next such date on or after the issue date.
      const [iy, im, id] = issuedOn.split('-').map(Number);
      y = mo < im || (mo === im && d < id) ? iy + 1 : iy;
    } else continue;
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) continue;
    return date.toISOString().slice(0, 10);
  }
  return null;
}
