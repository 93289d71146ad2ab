/**
 * Figures a warning order states, under one name each so the counter and the benchmark can compare
 * them: usage and spend drops, arrears and spend in 元 (万元 converted), complaint and query counts,
 * drop-call rate, days overdue or silent, the window the figures cover. Read from the numeric view,
 * where Chinese numerals are already digits.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
}

const N = String.raw`(\d+(?:\.\d+)?)`;
const GAP = String.raw`[^，。；,;！!？?\d]{0,10}?`;
const SHORT = String.raw`[^，。；,;！!？?\d]{0,4}?`;
const YUAN = String.raw`\s*(?:(万)\s*(?:元|块)?|元|块)`;
const DROP = String.raw`(?:下降|下滑|减少|降低|降幅|跌|少了|缩水|骤降|锐减|下跌)(?:了|达|约|为|幅度|幅度达|超过|近)?\s*(?:约|达|了|为|近|超过)?\s*`;

const FIGURES: { name: string; unit: string; pattern: RegExp; scale?: boolean }[] = [
  { name: '流量下降', unit: '%', pattern: new RegExp(String.raw`(?:流量|上网|数据|使用量|用量)${GAP}${DROP}${N}\s*%`) },
  { name: '通话下降', unit: '%', pattern: new RegExp(String.raw`(?:通话|语音|主叫|话务)${GAP}${DROP}${N}\s*%`) },
  { name: '消费下降', unit: '%', pattern: new RegExp(String.raw`(?:消费|ARPU|出账|话费收入|收入)${GAP}${DROP}${N}\s*%`, 'i') },
  {
    name: '欠费金额',
    unit: '元',
    scale: true,
    pattern: new RegExp(
      String.raw`(?:欠费|欠款|欠缴|拖欠|未缴|尚欠|欠了|欠)[^，。；,;！!？?元块]{0,12}?(?<![\d.])${N}${YUAN}|(?:欠费|欠款|欠缴)[^。；]{0,8}?金额[：:为]?\s*${N}${YUAN}|(?:欠费|欠款|欠缴)[^。；]{0,12}?(?:共计|合计|总计|共)\s*${N}${YUAN}|(?:欠费|欠款|欠缴)${SHORT}[￥¥]\s*${N}|(?:欠了|欠费|欠款|共欠|总共欠了?)\s*${N}(?=[，。；,;！!]|$)`,
    ),
  },
  {
    name: '月均消费',
    unit: '元',
    scale: true,
    pattern: new RegExp(String.raw`(?:月均消费|月均ARPU|ARPU值?|月均话费|月消费|月均出账|每月消费|月均|每月话费)${SHORT}${N}${YUAN}`, 'i'),
  },
  {
    name: '当前套餐月费',
    unit: '元',
    pattern: new RegExp(
      String.raw`(?:由|从|现用?|当前|目前使用?|在用|现在用?|(?:目前|现在)?用的是)的?\s*${N}\s*元?\s*的?(?:套餐|档)|(?:由|从|将|把)\s*${N}\s*元(?:的)?(?:套餐|档)?\s*(?:降|改|变更|调整|换)|(?:当前|现用?|目前|在用)套餐(?:月费|为|是)?[：:]?\s*${N}\s*元`,
    ),
  },
  { name: '投诉次数', unit: '次', pattern: new RegExp(String.raw`(?:投诉|申诉)${SHORT}${N}\s*次|${N}\s*次${SHORT}(?:投诉|申诉)`) },
  {
    name: '查询携转次数',
    unit: '次',
    pattern: new RegExp(
      String.raw`(?:查询|咨询|询问|查)${GAP}携(?:号转网|转|出)${GAP}${N}\s*次|携(?:号转网|转)${GAP}(?:查询|咨询)${SHORT}${N}\s*次|(?:查询|咨询|查)了?\s*${N}\s*次${SHORT}携|${N}\s*次${SHORT}(?:查询|咨询)${GAP}携`,
    ),
  },
  { name: '掉话率', unit: '%', pattern: new RegExp(String.raw`掉话率${SHORT}${N}\s*%`) },
  {
    name: '逾期天数',
    unit: '天',
    pattern: new RegExp(String.raw`(?:欠费|逾期|停机|超期|拖欠)(?:已经?|达|超过|了|天数[：:]?)*\s*${N}\s*天|(?:逾期|超期)${SHORT}${N}\s*天`),
  },
  { name: '静默天数', unit: '天', pattern: new RegExp(String.raw`(?:连续|已经?)\s*${N}\s*天(?:无|没有?|未|零)`) },
  { name: '合约剩余天数', unit: '天', pattern: new RegExp(String.raw`(?:还有|还剩|剩余(?:天数[：:]?)?|仅剩|剩下?|距(?:离)?到期(?:还有)?)\s*${N}\s*天`) },
  { name: '报障次数', unit: '次', pattern: new RegExp(String.raw`(?:报障|报修|故障申告|申告)${SHORT}${N}\s*次|${N}\s*次${SHORT}(?:报障|报修)`) },
  { name: '统计天数', unit: '天', pattern: new RegExp(String.raw`(?:近|最近|过去)\s*${N}\s*(?:天|日)`) },
  { name: '统计月数', unit: '个月', pattern: new RegExp(String.raw`(?:近|最近|过去|连续)\s*${N}\s*个?月`) },
];

export function findFigures(numeric: string): Figure[] {
  return FIGURES.flatMap(({ name, unit, pattern, scale }) => {
    const m = pattern.exec(numeric);
    if (!m) return [];
    const groups = m.slice(1);
    const at = groups.findIndex((g) => g !== undefined && /^\d/.test(g));
    let value = Number(groups[at]);
    if (scale && groups[at + 1] === '万') value = Math.round(value * 10_000 * 100) / 100;
    return Number.isFinite(value) ? [{ name, value, unit }] : [];
  });
}
