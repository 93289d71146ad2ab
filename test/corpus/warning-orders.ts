/**
 * Warning-order texts as the grid system (网格通) writes them — tagged, untagged, terse, verbose,
 * with dates in several forms — and what the parser must read from each. The tests own this corpus.
 */
export interface Sample {
  text: string;
  issuedOn: string;
  expect: {
    status: 'PARSED' | 'PARTIAL' | 'UNPARSED';
    type?: string | null;
    level?: string | null;
    figures?: Record<string, number>;
    actions?: string[];
    dueDate?: string | null;
    reasonIncludes?: string;
  };
}

export const CORPUS: Sample[] = [
  {
    text: '【脉动预警·离网】客户近3个月流量使用下降42%，月均消费86元，存在离网风险。建议：上门或到厅时推荐全家享融合套餐并赠送视频会员。请于2026-12-03前完成维系。',
    issuedOn: '2026-11-20',
    expect: { status: 'PARSED', type: 'CHURN', figures: { 流量下降: 42, 月均消费: 86, 统计月数: 3 }, actions: ['上门或到厅时推荐全家享融合套餐', '赠送视频会员'], dueDate: '2026-12-03', reasonIncludes: '流量使用下降42%' },
  },
  {
    text: '【脉动预警·投诉】客户12天内拨打10086投诉3次，诉求：宽带经常掉线。建议：首问负责，优先安抚并核实账单。处理时限2026-11-30。',
    issuedOn: '2026-11-22',
    expect: { status: 'PARSED', type: 'COMPLAINT', figures: { 投诉次数: 3 }, dueDate: '2026-11-30', reasonIncludes: '诉求：宽带经常掉线' },
  },
  {
    text: '【脉动预警·降档】客户申请由128元套餐降档，近3月ARPU 131元。建议：推荐同档合约版或权益包挽留，避免降档。请于2026-12-01前处理。',
    issuedOn: '2026-11-21',
    expect: { status: 'PARSED', type: 'DOWNGRADE', figures: { 当前套餐月费: 128, 月均消费: 131 }, dueDate: '2026-12-01' },
  },
  {
    text: '【脉动预警·欠费】客户当前欠费236元，已停机风险。建议：提醒缴费，可办理话费分期。截止2026-11-28。',
    issuedOn: '2026-11-24',
    expect: { status: 'PARSED', type: 'ARREARS', figures: { 欠费金额: 236 }, dueDate: '2026-11-28' },
  },
  {
    text: '【脉动预警·合约到期】客户合约将于2026-12-15到期，到期后资费将恢复标准价。建议：推荐续约并赠送话费券。请于2026-12-10前完成续约。',
    issuedOn: '2026-11-24',
    expect: { status: 'PARSED', type: 'CONTRACT_EXPIRY', actions: ['推荐续约', '赠送话费券'], dueDate: '2026-12-10' },
  },
  {
    text: '【脉动预警·携转】客户近期查询携号转网资格2次，异网双卡用户。建议：立即维系，可推荐携转挽留优惠。时限2026-11-27。',
    issuedOn: '2026-11-24',
    expect: { status: 'PARSED', type: 'PORT_OUT', figures: { 查询携转次数: 2 }, dueDate: '2026-11-27' },
  },
  {
    text: '【脉动预警·网络质量】客户常驻小区京口路基站近7天掉话率6%，感知差。建议：转网络优化并告知客户处理进度。2026-12-02前回访。',
    issuedOn: '2026-11-24',
    expect: { status: 'PARSED', type: 'NETWORK_QUALITY', figures: { 掉话率: 6, 统计天数: 7 }, dueDate: '2026-12-02' },
  },
  {
    text: '[高] 离网预警：用户近30天通话下降55%，流量下滑38%。处理建议：电话回访了解原因；推荐5G畅享套餐128元。须于12月5日前完成。',
    issuedOn: '2026-11-24',
    expect: { status: 'PARSED', type: 'CHURN', level: 'HIGH', figures: { 通话下降: 55, 流量下降: 38, 统计天数: 30 }, actions: ['电话回访了解原因', '推荐5G畅享套餐128元'], dueDate: '2026-12-05' },
  },
  {
    text: '级别：中。客户欠款 89.5 元，已发催缴短信两次。建议动作：厅内提醒缴费',
    issuedOn: '2026-11-24',
    expect: { status: 'PARSED', type: 'ARREARS', level: 'MEDIUM', figures: { 欠费金额: 89.5 }, actions: ['厅内提醒缴费'], dueDate: null },
  },
  {
    text: '客户投诉宽带网速慢（近7天投诉2次），等级：高。建议：联系装维上门检测，同时赠送提速包。请于2026年11月26日前处理',
    issuedOn: '2026-11-24',
    expect: { status: 'PARSED', type: 'COMPLAINT', level: 'HIGH', figures: { 投诉次数: 2, 统计天数: 7 }, dueDate: '2026-11-26' },
  },
  {
    text: '高风险携出：客户已获取携号转网授权码。建议：店长亲自维系并申请挽留资源。',
    issuedOn: '2026-11-24',
    expect: { status: 'PARSED', type: 'PORT_OUT', level: 'HIGH', dueDate: null },
  },
  {
    text: '客户信号差，地下车库无覆盖。',
    issuedOn: '2026-11-24',
    expect: { status: 'PARTIAL', type: 'NETWORK_QUALITY', actions: [] },
  },
  {
    text: '建议：到厅时赠送流量券。1月3日前',
    issuedOn: '2026-12-20',
    expect: { status: 'PARTIAL', type: null, actions: ['到厅时赠送流量券'], dueDate: '2027-01-03' },
  },
  {
    text: 'Customer flagged by model v7, score 0.91',
    issuedOn: '2026-11-24',
    expect: { status: 'UNPARSED', type: null, level: null, figures: {}, actions: [], dueDate: null },
  },
  {
    text: '请关注',
    issuedOn: '2026-11-24',
    expect: { status: 'UNPARSED', type: null },
  },
  {
    text: '【脉动预警·沉默】客户近2个月无通话无流量，疑似沉默用户。建议：发送关怀短信；到厅赠送体验流量包。截止日期：2026/12/31',
    issuedOn: '2026-11-24',
    expect: { status: 'PARSED', type: 'CHURN', figures: { 统计月数: 2 }, dueDate: '2026-12-31' },
  },
  {
    text: '【脉动预警·合约到期】合约到期日2026-02-30（系统录入错误），建议：核实合约并续约。',
    issuedOn: '2026-11-24',
    expect: { status: 'PARSED', type: 'CONTRACT_EXPIRY', dueDate: null },
  },
];
