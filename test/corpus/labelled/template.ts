import { hand, type Labelled } from './label.js';

/**
 * The grid system's own template (【脉动预警·类型】情况。建议：动作；动作。请于日期前完成维系。),
 * filled in as it fills it: one order per case below, each labelled by construction.
 */
interface Case {
  type: string;
  tag: string;
  situation: string;
  figures: Record<string, number>;
  reasons: string[];
  actions: string[];
  closing: (due: string) => string;
}

const CASES: Case[] = [
  { type: 'CHURN', tag: '离网', situation: '客户近3个月流量使用下降{a}%，月均消费{b}元，存在离网风险', figures: { 流量下降: 0, 月均消费: 0, 统计月数: 3 }, reasons: ['流量使用下降', '存在离网风险'], actions: ['推荐全家享融合套餐', '赠送视频会员'], closing: (d) => `请于${d}前完成维系` },
  { type: 'CHURN', tag: '离网', situation: '客户近30天通话下降{a}%，主卡长期不使用，存在离网风险', figures: { 通话下降: 0, 统计天数: 30 }, reasons: ['通话下降', '存在离网风险'], actions: ['电话回访了解原因', '推荐5G畅享套餐'], closing: (d) => `请于${d}前完成维系` },
  { type: 'CHURN', tag: '沉默', situation: '客户近2个月无通话无流量，疑似沉默用户', figures: { 统计月数: 2 }, reasons: ['疑似沉默用户'], actions: ['发送关怀短信', '到厅赠送体验流量包'], closing: (d) => `请于${d}前完成维系` },
  { type: 'COMPLAINT', tag: '投诉', situation: '客户{c}天内拨打10086投诉{d}次，诉求：流量扣费不明', figures: { 投诉次数: 0 }, reasons: ['投诉', '流量扣费不明'], actions: ['首问负责', '优先安抚', '核实账单'], closing: (d) => `处理时限${d}` },
  { type: 'COMPLAINT', tag: '投诉', situation: '客户近7天投诉{d}次，诉求：宽带经常掉线', figures: { 投诉次数: 0, 统计天数: 7 }, reasons: ['宽带经常掉线'], actions: ['联系装维上门检测', '赠送提速包'], closing: (d) => `处理时限${d}` },
  { type: 'DOWNGRADE', tag: '降档', situation: '客户申请由{e}元套餐降档，近3月ARPU {b}元', figures: { 当前套餐月费: 0, 月均消费: 0, 统计月数: 3 }, reasons: ['申请由', '降档'], actions: ['推荐同档合约版或权益包挽留', '避免降档'], closing: (d) => `请于${d}前处理` },
  { type: 'ARREARS', tag: '欠费', situation: '客户当前欠费{f}元，已停机风险', figures: { 欠费金额: 0 }, reasons: ['欠费'], actions: ['提醒缴费', '可办理话费分期'], closing: (d) => `截止${d}` },
  { type: 'ARREARS', tag: '欠费', situation: '客户欠费{f}元已逾期{g}天，多次催缴未果', figures: { 欠费金额: 0, 逾期天数: 0 }, reasons: ['欠费', '多次催缴未果'], actions: ['提醒缴费', '办理话费分期'], closing: (d) => `截止${d}` },
  { type: 'CONTRACT_EXPIRY', tag: '合约到期', situation: '客户合约将于{h}到期，到期后资费将恢复标准价', figures: {}, reasons: ['合约将于', '恢复标准价'], actions: ['推荐续约', '赠送话费券'], closing: (d) => `请于${d}前完成续约` },
  { type: 'PORT_OUT', tag: '携转', situation: '客户近期查询携号转网资格{i}次，异网双卡用户', figures: { 查询携转次数: 0 }, reasons: ['查询携号转网资格', '异网双卡用户'], actions: ['立即维系', '推荐携转挽留优惠'], closing: (d) => `时限${d}` },
  { type: 'NETWORK_QUALITY', tag: '网络质量', situation: '客户常驻小区{p}近7天掉话率{j}%，感知差', figures: { 掉话率: 0, 统计天数: 7 }, reasons: ['掉话率', '感知差'], actions: ['转网络优化', '告知客户处理进度'], closing: (d) => `${d}前回访` },
];

const PLACES = ['京口路基站', '润州新村', '丹阳开发区', '句容华阳', '新北万达', '武进湖塘'];

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function orders(): [string, string, Parameters<typeof hand>[1][number][2]][] {
  const out: ReturnType<typeof orders> = [];
  for (let i = 0; i < 70; i++) {
    const c = CASES[i % CASES.length];
    const issued = addDays('2026-11-16', i % 21);
    const due = addDays(issued, 3 + (i % 12));
    const v = { a: 20 + ((i * 7) % 60), b: 38 + ((i * 13) % 200), c: 3 + (i % 20), d: 2 + (i % 4), e: [58, 88, 128, 158, 198][i % 5], f: 30 + ((i * 37) % 570), g: 5 + (i % 40), h: addDays(issued, 10 + (i % 20)), i: 1 + (i % 3), j: 2 + (i % 8) };
    const fill = (s: string) => s.replace(/\{(\w)\}/g, (_, k: string) => (k === 'p' ? PLACES[i % PLACES.length] : String(v[k as keyof typeof v])));
    const figures: Record<string, number> = {};
    const source: Record<string, number> = { 流量下降: v.a, 通话下降: v.a, 月均消费: v.b, 投诉次数: v.d, 当前套餐月费: v.e, 欠费金额: v.f, 逾期天数: v.g, 查询携转次数: v.i, 掉话率: v.j };
    for (const [name, fixed] of Object.entries(c.figures)) figures[name] = fixed || source[name];
    const actions = c.actions.join('；');
    out.push([`${issued}T0${1 + (i % 9)}:15:00+08:00`, `【脉动预警·${c.tag}】${fill(c.situation)}。建议：${actions}。${c.closing(due)}。`, { type: c.type, dueDate: due, figures, actions: c.actions, reasons: c.reasons }]);
  }
  return out;
}

export const TEMPLATE: Labelled[] = hand('template', orders());
