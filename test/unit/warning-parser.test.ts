import { describe, expect, it } from 'vitest';
import { findDueDate } from '../../subgraphs/alerts/domain/extract/dates.js';
import { chineseNumber, withArabicNumerals } from '../../subgraphs/alerts/domain/extract/numerals.js';
import { parseWarningContent } from '../../subgraphs/alerts/domain/parse-content.js';
import { checkType } from '../../subgraphs/alerts/domain/type-check.js';
import { generateCustomer, generateWarningOrders, seedContext } from '../../lib/seed/customers.js';
import { LABELLED, scoreExtraction } from '../corpus/labelled/index.js';
import { CORPUS } from '../corpus/warning-orders.js';

const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+08:00`);

describe('warning-order text parser', () => {
  it.each(CORPUS.map((s, i) => [i, s] as const))('reads sample %i', (_i, sample) => {
    const p = parseWarningContent(sample.text, at(sample.issuedOn));
    const e = sample.expect;
    expect(p.status).toBe(e.status);
    if (e.type !== undefined) expect(p.type).toBe(e.type);
    if (e.level !== undefined) expect(p.level).toBe(e.level);
    if (e.dueDate !== undefined) expect(p.dueDate).toBe(e.dueDate);
    if (e.figures) expect(Object.fromEntries(p.figures.map((f) => [f.name, f.value]))).toMatchObject(e.figures);
    if (e.figures && Object.keys(e.figures).length === 0) expect(p.figures).toEqual([]);
    if (e.actions) expect(p.actions).toEqual(e.actions);
    if (e.reasonIncludes) expect(p.reasons.join('。')).toContain(e.reasonIncludes);
  });

  it('understands every seeded order fully, and never loses text it cannot read', () => {
    const ctx = seedContext('2026-11-24');
    let n = 0;
    for (let i = 0; i < 3000; i++) {
      for (const o of generateWarningOrders(generateCustomer(i, ctx), i, ctx)) {
        const p = parseWarningContent(o.content, new Date(o.issuedAt));
        expect(p.status, o.content).toBe('PARSED');
        expect(p.type, o.content).toBe(o.type);
        expect(p.dueDate, o.content).toBe(o.dueDate);
        n++;
      }
    }
    expect(n).toBeGreaterThan(200);
  });

  const read = (hands: (h: string) => boolean) =>
    scoreExtraction(LABELLED.filter((l) => hands(l.hand)).map((label) => ({ label, reading: parseWarningContent(label.text, new Date(label.issuedAt)) })));

  it("reads every order of the grid system's template exactly", () => {
    const s = read((h) => h === 'template');
    expect(s.orders).toBeGreaterThanOrEqual(60);
    expect(s.misses).toEqual([]);
    expect(s.status.PARSED).toBe(s.orders);
  });

  it('meets the targets on free text, the held-out batches included', () => {
    const s = read((h) => h !== 'template');
    expect(s.orders).toBeGreaterThanOrEqual(150);
    expect(s.type).toBeGreaterThanOrEqual(0.95);
    expect(s.dueDate).toBeGreaterThanOrEqual(0.9);
    expect(s.figurePrecision).toBeGreaterThanOrEqual(0.95);
    expect(s.figureRecall).toBeGreaterThanOrEqual(0.85);
    expect(s.actionRecall).toBeGreaterThanOrEqual(0.85);
    expect(s.adviceInReasons).toBeLessThan(0.05);
  });
});

describe('due dates, resolved against the issue time in Asia/Shanghai', () => {
  // 2026-11-24 is a Tuesday.
  it.each([
    ['截止日期：2026-12-08', '2026-12-08'],
    ['请于2026年12月8日前处理', '2026-12-08'],
    ['截止日期：12月8日', '2026-12-08'],
    ['十二月八号之前回访', '2026-12-08'],
    ['12.8前完成', '2026-12-08'],
    ['12/8前回复', '2026-12-08'],
    ['下周五前处理', '2026-12-04'],
    ['周五前处理', '2026-11-27'],
    ['本月底前完成', '2026-11-30'],
    ['下月底前完成', '2026-12-31'],
    ['年底前签下来', '2026-12-31'],
    ['三天内回访', '2026-11-27'],
    ['3个工作日内办结', '2026-11-27'],
    ['两周内反馈', '2026-12-08'],
    ['本周内完成', '2026-11-29'],
    ['明天前完成', '2026-11-25'],
    ['后天前装好', '2026-11-26'],
    ['48小时内回复', '2026-11-26'],
    ['10号前完成', '2026-12-10'],
    ['截止本月30号', '2026-11-30'],
    ['1月3日前', '2027-01-03'],
    ['时限：今日', '2026-11-24'],
  ])('%s → %s', (text, due) => {
    expect(findDueDate(withArabicNumerals(text), at('2026-11-24'))?.date).toBe(due);
  });

  it.each([
    ['合约将于2026-12-15到期', null],
    ['合约到期日2026-12-05，请推荐续约', null],
    ['客户12天内拨打10086投诉3次', null],
    ['合约到期日2026-02-30（系统录入错误）', null],
    ['客户可能3日内携出', null],
  ])('%s is no due date', (text, due) => {
    expect(findDueDate(withArabicNumerals(text), at('2026-11-24'))?.date ?? null).toBe(due);
  });

  it('counts weeks from Monday, as Chinese calendars do', () => {
    // 2026-11-22 is a Sunday: next week is 23–29 November.
    expect(findDueDate('下周二前处理', at('2026-11-22'))?.date).toBe('2026-11-24');
    expect(findDueDate('本周日前', at('2026-11-22'))?.date).toBe('2026-11-22');
    // A weekday already past this week is next week's.
    expect(findDueDate('周五前回访', at('2026-11-28'))?.date).toBe('2026-12-04');
    expect(findDueDate('下下周一', at('2026-11-24'))?.date).toBe('2026-12-07');
  });

  it('counts 明天 from the Shanghai day, whatever the clock says in UTC', () => {
    // 00:30 on 1 December in Shanghai is still 30 November in UTC.
    expect(findDueDate('明天一早通知网优', new Date('2026-11-30T16:30:00Z'))?.date).toBe('2026-12-02');
    expect(findDueDate('今天内回复', new Date('2026-11-30T16:30:00Z'))?.date).toBe('2026-12-01');
  });
});

describe('Chinese numerals', () => {
  it.each([
    ['十二', 12],
    ['二十三', 23],
    ['一百零五', 105],
    ['一百五', 150],
    ['三千五百', 3500],
    ['两万', 20000],
    ['二〇二六', 2026],
    ['三点五', 3.5],
    ['千万', 10_000_000],
  ])('%s = %d', (run, n) => expect(chineseNumber(run)).toBe(n));

  it('turns numbers into digits and leaves words alone', () => {
    expect(withArabicNumerals('欠了一千二百元，投诉三次，百分之六十八，二〇二六年十二月八日')).toBe('欠了1200元，投诉3次，68%，2026年12月8日');
    expect(withArabicNumerals('一直千万不要一起，2百多')).toBe('一直千万不要一起，2百多');
    expect(withArabicNumerals('总共欠了四百八，')).toBe('总共欠了480，');
  });
});

describe('free text as people write it', () => {
  it('corrects homophone slips of the trade and says so', () => {
    const p = parseWarningContent('客户欠废三百二十元，已停机两天。请于本月底前提醒缴费', at('2026-11-25'));
    expect(p.type).toBe('ARREARS');
    expect(parseWarningContent('客户投述宽带老是掉线', at('2026-11-25')).type).toBe('COMPLAINT');
    expect(p.figures).toContainEqual({ name: '欠费金额', value: 320, unit: '元' });
    expect(p.notes.join()).toContain('欠废');
    expect(p.dueDate).toBe('2026-11-30');
  });

  it('keeps the advice out of the reasons and reads the type the text states', () => {
    const p = parseWarningContent('这个客户本月流量降幅68%，有离网倾向，建议到厅时推荐5G套餐，截止日期：12月8日', at('2026-11-24'));
    expect(p).toMatchObject({ status: 'PARSED', type: 'CHURN', dueDate: '2026-12-08', figures: [{ name: '流量下降', value: 68, unit: '%' }] });
    expect(p.actions.join()).toContain('推荐5G套餐');
    expect(p.reasons.join()).not.toContain('推荐');
  });

  it('splits actions at conjunctions, not inside words (合并)', () => {
    const p = parseWarningContent('【脉动预警·沉默】副卡闲置。建议：推荐亲情号合并并赠送流量包', at('2026-11-24'));
    expect(p.actions).toEqual(['推荐亲情号合并', '赠送流量包']);
  });

  it('keeps what it cannot read, with the reason', () => {
    const p = parseWarningContent('Customer flagged by model v7, score 0.91', at('2026-11-24'));
    expect(p).toMatchObject({ status: 'UNPARSED', type: null, reasons: [], actions: [], confidence: 0 });
    expect(p.notes).toContain('未识别预警类型 / no warning type found in the text');
  });
});

describe('the type sent against the type the text says', () => {
  const parsed = (text: string) => parseWarningContent(text, at('2026-11-24'));

  it('believes a text that states its type, and says so', () => {
    const c = checkType('PORT_OUT', 'PORT_OUT', parsed('【脉动预警·离网】客户近3个月流量使用下降42%。建议：推荐融合套餐。'));
    expect(c).toMatchObject({ sent: 'PORT_OUT', text: 'CHURN', believed: 'CHURN', agrees: false });
    expect(c.reason).toContain('以原文为准');
  });

  it('keeps the type sent when the text only hints', () => {
    const c = checkType('NETWORK_QUALITY', 'NETWORK_QUALITY', parsed('客户说我们网太差要换电信，家里信号经常没有。先安排装维测一下信号。'));
    expect(c).toMatchObject({ text: 'PORT_OUT', believed: 'NETWORK_QUALITY', agrees: false });
  });

  it('agrees when they agree, and when the text names no type', () => {
    expect(checkType('ARREARS', '欠费', parsed('客户欠费236元。建议：提醒缴费。')).agrees).toBe(true);
    expect(checkType('ARREARS', '欠费', parsed('请关注')).agrees).toBe(true);
  });
});
