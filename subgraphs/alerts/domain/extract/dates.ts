import { addDays, daysInMonth, formatDate, parseDate } from '../../../../lib/calendar.js';
import { businessDate } from '../../../../lib/clock.js';
import { ACTION_VERBS } from './lexicon.js';

/**
 * The due date a warning order's text names, in any common form: 2026-12-08, 2026年12月8日, 12月8日,
 * 12.8, 12/8, 下周五前, 本月底, 三天内, 3个工作日内, 明天 … resolved against the order's issue date in
 * Asia/Shanghai. A date the text gives for something else (合约将于2026-12-15到期) is not a due date.
 * Read here rather than by chrono-node, which was tried: its Chinese parser counts weeks from
 * Sunday (下周二 on a Sunday came out a week late), reads 明天 at 00:30 as the same day, takes 立即
 * and 夜 for dates, and leaves 12.8, 本月底 and 3个工作日内 unread.
 */
export interface DueDate {
  date: string;
}

interface Candidate {
  at: number;
  end: number;
  date: string;
  text: string;
}

const WEEKDAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };

/** A date as { y, m, d }, plus its weekday (1 = Monday … 7 = Sunday). */
function dayOf(date: string) {
  const { y, m, d } = parseDate(date);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
  return { y, m, d, weekday };
}

/** The date, or null when there is no such day (2026-02-30). */
function ymd(y: number, m: number, d: number): string | null {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? formatDate({ y, m, d }) : null;
}

const lastOfMonth = (y: number, m: number) => formatDate({ y, m, d: daysInMonth(y, m) });

/** Working days after the issue date, Saturdays and Sundays skipped (holidays are not known here). */
function plusWorkingDays(day: string, n: number): string {
  let d = day;
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

const DUE_AFTER = /^\s*(?:之前|以前|前|为止|截止|内|以内|之内)/;
const DUE_BEFORE =
  /(?:截止(?:日期|时间)?|截至|时限|期限|请于|须于|需于|务必于|务必在|最迟|最晚|限于?|要求|请在|需在|须在|前请|办结时间|完成时间|\bdue)[：:=\s]*(?:为|是|在|于)?\s*$/i;
// A date a thing falls on, named as such: 到期日2026-12-05, 入网日期 …
const NOT_DUE_BEFORE = /(?:到期日|期满日|到期时间|生效日|入网日期?|办理日期?|开通日期?|预计)[：:为是\s]*$/;
// Words of the hour between a date and what follows it: 明天上午前, 今天下班前, 明早第一时间.
const HOUR = /^(?:上午|下午|晚上|今晚|中午|早上|一早|下班|上班|第一时间|\d{1,2}点)+/;
// A date something happens on (合约将于…到期, 于…办理) rather than one to act by.
const NEXT_WORDS = [
  '完成',
  '处理',
  '办结',
  '反馈',
  '解决',
  '回复',
  '答复',
  '到厅',
  '续约',
  '必须',
  '务必',
  '一定',
  '搞定',
  '办好',
  '电话',
  '现场',
  '给',
  ...ACTION_VERBS.filter((v) => v.length >= 2),
];
const ACTS_NEXT = new RegExp(String.raw`^\s*(?:${NEXT_WORDS.join('|')}|[。，；,;！!|｜]|$)`);
const NOT_DUE_AFTER = /^\s*(?:到期(?!前)|期满|生效|开通|办理了|入网|停机了|起)/;

const compiled = new Map<string, RegExp>();

/** The rule's pattern with the g flag, compiled once (a literal in a function is a new object per call). */
function global(re: RegExp): RegExp {
  let g = compiled.get(re.source);
  if (!g) compiled.set(re.source, (g = new RegExp(re.source, `${re.flags.replace('g', '')}g`)));
  return g;
}

export function findDueDate(numeric: string, issuedAt: Date): DueDate | null {
  const today = businessDate(issuedAt);
  const issue = dayOf(today);
  const found: Candidate[] = [];
  const add = (at: number, text: string, date: string | null) => {
    if (!date) return;
    const end = at + text.length;
    if (found.some((c) => at < c.end && end > c.at)) return;
    found.push({ at, end, date, text });
  };
  const each = (re: RegExp, read: (m: RegExpExecArray) => string | null) => {
    for (const m of numeric.matchAll(global(re))) add(m.index!, m[0], read(m as RegExpExecArray));
  };
  // A date without a year is the next such date, unless it lies within a month before the issue
  // (a due date already passed is still that date, not next year's).
  const nextOccurrence = (m: number, d: number): string | null => {
    const same = ymd(issue.y, m, d);
    if (!same) return ymd(issue.y + 1, m, d);
    return same < addDays(today, -31) ? ymd(issue.y + 1, m, d) : same;
  };

  each(/(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/, (m) => ymd(Number(m[1]), Number(m[2]), Number(m[3])));
  each(/下个?月\s*(\d{1,2})\s*[日号]/, (m) => {
    const [y, mo] = issue.m === 12 ? [issue.y + 1, 1] : [issue.y, issue.m + 1];
    return ymd(y, mo, Number(m[1]));
  });
  each(/(?:本|这个?)月\s*(\d{1,2})\s*[日号]/, (m) => ymd(issue.y, issue.m, Number(m[1])));
  each(/(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/, (m) => nextOccurrence(Number(m[1]), Number(m[2])));
  // 12.8 and 12/8 are dates only where a deadline word stands next to them (89.5 元 is money).
  each(/(?<![\d.])(\d{1,2})[./](\d{1,2})(?![\d.%元块GMg])/, (m) => {
    const before = numeric.slice(Math.max(0, m.index! - 10), m.index);
    const after = numeric.slice(m.index! + m[0].length);
    return DUE_AFTER.test(after) || DUE_BEFORE.test(before) ? nextOccurrence(Number(m[1]), Number(m[2])) : null;
  });
  each(/下个?月(?:底|末)/, () => (issue.m === 12 ? lastOfMonth(issue.y + 1, 1) : lastOfMonth(issue.y, issue.m + 1)));
  each(/(?:本|这个?|当)?月(?:底|末)|(?:本|这个?|当)月内/, () => lastOfMonth(issue.y, issue.m));
  each(/(?:本|今)?年(?:底|末)/, () => ymd(issue.y, 12, 31));
  each(/下周(?:内|末)/, () => addDays(today, 14 - issue.weekday));
  each(/(?<![\d一二两三四五六七八九十个])(?:本|这)?周(?:内|末)/, () => addDays(today, 7 - issue.weekday));
  each(/(\d{1,2})\s*个?工作日(?:内|之内|以内)/, (m) => plusWorkingDays(today, Number(m[1])));
  each(/(\d{1,3})\s*(?:天|日)(?:内|之内|以内)/, (m) => addDays(today, Number(m[1])));
  each(/(\d{1,2})\s*(?:周|个星期|星期)(?:内|之内|以内)/, (m) => addDays(today, 7 * Number(m[1])));
  // 10号前: a day of the month alone is the next such day.
  each(/(?<![\d月])(\d{1,2})\s*[日号](?=\s*(?:之前|以前|前))/, (m) => {
    const d = Number(m[1]);
    const same = ymd(issue.y, issue.m, d);
    if (same && same >= today) return same;
    return issue.m === 12 ? ymd(issue.y + 1, 1, d) : ymd(issue.y, issue.m + 1, d);
  });
  each(/(?:本|这)?月中/, () => ymd(issue.y, issue.m, 15));
  each(/今天|今日|当天|当日/, () => today);
  each(/大后天/, () => addDays(today, 3));
  each(/明天|明日|明早|明晚/, () => addDays(today, 1));
  each(/后天/, () => addDays(today, 2));
  each(/(\d{1,3})\s*个?小时(?:内|之内|以内)/, (m) => businessDate(new Date(issuedAt.getTime() + Number(m[1]) * 3600_000)));
  // Weeks run Monday to Sunday. 周五 alone is this week's Friday, or next week's once it has passed.
  each(/(下下|下个?|本|这个?|上个?)?\s*(?:周|星期|礼拜)([一二三四五六日天])/, (m) => {
    const target = WEEKDAY[m[2]];
    const relation = m[1] ?? '';
    const weeks = relation.startsWith('下下')
      ? 2
      : relation.startsWith('下')
        ? 1
        : relation.startsWith('上')
          ? -1
          : relation === '' && target < issue.weekday
            ? 1
            : 0;
    return addDays(today, weeks * 7 + target - issue.weekday);
  });

  const scored = found
    .map((c) => {
      const after = numeric.slice(c.end).replace(HOUR, '');
      const before = numeric.slice(Math.max(0, c.at - 12), c.at);
      if (NOT_DUE_AFTER.test(after) || NOT_DUE_BEFORE.test(before)) return { c, score: -1 };
      // 本月底 is a deadline wherever it stands; 3天内 only where an action or the clause's end
      // follows (近12天内投诉3次 counts days, it sets none).
      const deadlineWords = /底$|末$|月中$|月内$/.test(c.text) || (/内$/.test(c.text) && ACTS_NEXT.test(after));
      const marked = DUE_AFTER.test(after) || DUE_BEFORE.test(before) || deadlineWords;
      return { c, score: (marked ? 2 : 0) + (DUE_BEFORE.test(before) ? 1 : 0) + (ACTS_NEXT.test(after.replace(DUE_AFTER, '')) ? 1 : 0) };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || b.c.at - a.c.at);
  const best = scored[0]?.c;
  return best ? { date: best.date } : null;
}
