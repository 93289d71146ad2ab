import { WARNING_TYPES, type KnownWarningType, type WarningLevel } from '../types.js';
import { TYPE_EVIDENCE, TYPE_PATTERNS } from './lexicon.js';

/** The type a text says, how sure the reading is, and the words it rests on. */
export interface TypeReading {
  type: KnownWarningType | null;
  /** 0–1: 1 for a type the text states (【脉动预警·离网】, 类型：离网, 离网预警), less for one inferred from its words. */
  confidence: number;
  /** Whether the text states the type in so many words. */
  stated: boolean;
  evidence: string | null;
}

const NEGATION = /(?:无|未|没有|没|非|不是|并非|不存在|排除|不属于|不涉及)$/;
// A type stated as such: a heading tag, a 类型 field, or 离网预警 / 离网风险.
const STATED = [
  /^[【[]([^】\]]{1,24})[】\]]/,
  /(?:预警类型|工单类型|风险类型|类型)[：:=]\s*([^，。；,;|｜\s]{2,12})/,
  // 客户投诉：…, 投诉升级：…, 投诉类：… open a complaint desk's order.
  /(?:^|[。；;|｜\s】\]])((?:[\u4e00-\u9fff]{0,4})(?:投诉|申诉)[\u4e00-\u9fff]{0,3})[：:]/,
  /([\u4e00-\u9fff]{2,6}?)(?:预警|风险预警|工单)(?![类级])/,
];
// Systems that write the code: type=CHURN, CHURN/HIGH, PORT_OUT 携号转网…
const CODE = /(?:^|[\s;；|｜:=/])(CHURN|COMPLAINT|DOWNGRADE|ARREARS|CONTRACT_EXPIRY|PORT_OUT|NETWORK_QUALITY)(?![A-Z_])/;

function typeNamedIn(words: string): { type: KnownWarningType; word: string } | null {
  let best: { type: KnownWarningType; word: string; weight: number } | null = null;
  for (const type of WARNING_TYPES)
    for (const [word, weight] of TYPE_EVIDENCE[type])
      if (weight >= 0.6 && words.includes(word) && (!best || weight > best.weight || (weight === best.weight && word.length > best.word.length)))
        best = { type, word, weight };
  return best && { type: best.type, word: best.word };
}

/**
 * Reads the type: a stated type first; otherwise every type word counts by its weight, less in the
 * advice (推荐携转挽留优惠 does not make an order port-out) and not at all when negated (无欠费).
 */
export function readType(text: string, adviceFrom: number): TypeReading {
  for (const re of STATED) {
    for (const m of text.matchAll(new RegExp(re.source, 'g'))) {
      if (m.index! >= adviceFrom) break;
      const named = typeNamedIn(m[1]);
      if (named && !NEGATION.test(text.slice(Math.max(0, m.index! - 3), m.index)))
        return { type: named.type, confidence: 1, stated: true, evidence: m[0].trim() };
    }
  }
  const code = CODE.exec(text);
  if (code && code.index < adviceFrom) return { type: code[1] as KnownWarningType, confidence: 1, stated: true, evidence: code[1] };
  // The situation says the type; the advice (推荐携转挽留优惠) counts only when the situation is silent.
  const situation = tally(text, 0, adviceFrom);
  const fromAdvice = situation.size === 0;
  const score = fromAdvice ? tally(text, adviceFrom, text.length) : situation;
  const ranked = [...score.entries()].sort((a, b) => b[1].total - a[1].total);
  if (ranked.length === 0) return { type: null, confidence: 0, stated: false, evidence: null };
  const [[type, top], second] = ranked;
  const margin = top.total / (top.total + (second?.[1].total ?? 0));
  const confidence = Math.round(Math.min(1, top.total) * margin * (fromAdvice ? 0.5 : 0.9) * 100) / 100;
  return { type, confidence, stated: false, evidence: top.word };
}

const FIELD = String.raw`(?:级别|等级|优先级|紧急程度|风险等级|预警等级|预警级别|level)\s*[：:=为是\s]*`;
type Tally = Map<KnownWarningType, { total: number; word: string; weight: number }>;

/** Every type word between two positions, by weight; negated ones (无欠费) skipped. */
function tally(text: string, from: number, to: number): Tally {
  const score: Tally = new Map();
  const add = (type: KnownWarningType, word: string, weight: number) => {
    const s = score.get(type) ?? { total: 0, word, weight: 0 };
    s.total += weight;
    if (weight > s.weight) Object.assign(s, { word, weight });
    score.set(type, s);
  };
  const part = text.slice(from, to);
  for (const type of WARNING_TYPES) {
    // A word inside a longer one of the same type (到期 in 合约到期, 转网 in 携号转网) counts once.
    const counted: [number, number][] = [];
    const inside = (at: number, end: number) => counted.some(([a, b]) => at >= a && end <= b);
    const byLength = [...TYPE_EVIDENCE[type]].sort((a, b) => b[0].length - a[0].length);
    for (const [word, weight] of byLength) {
      for (let at = part.indexOf(word); at >= 0; at = part.indexOf(word, at + word.length)) {
        if (inside(at, at + word.length)) continue;
        // 没信号 and 无覆盖 are the network problem itself, not its absence.
        if (type !== 'NETWORK_QUALITY' && NEGATION.test(part.slice(Math.max(0, at - 3), at))) continue;
        counted.push([at, at + word.length]);
        add(type, word, weight);
      }
    }
  }
  for (const [type, re, weight] of TYPE_PATTERNS) {
    for (const m of part.matchAll(re)) {
      if (TYPE_EVIDENCE[type].some(([word, w]) => w >= 0.9 && m[0].includes(word))) continue;
      add(type, m[0], weight);
    }
  }
  return score;
}

const LEVELS: [WarningLevel, RegExp][] = [
  [
    'HIGH',
    new RegExp(
      String.raw`${FIELD}(?:高|一级|紧急|红|特急|加急|重要|1级|I级|HIGH)|风险[：:]?\s*高|[红橙]色预警|一级预警|高危|高风险|十万火急|特急|加急|非常紧急|紧急|(?:^|[。！!\s])急[！!]|[【[（(]高[】\]）)]|[【[][^】\]]{1,12}[·・\-\s]高[】\]]|[【[](?:重要|紧急|加急|特急)[】\]]|★★★|/HIGH\b`,
      'i',
    ),
  ],
  [
    'MEDIUM',
    new RegExp(
      String.raw`${FIELD}(?:中|二级|黄|橙|一般紧急|2级|II级|MEDIUM)|风险[：:]?\s*中(?![\u4e00-\u9fff])|黄色预警|二级预警|中风险|中等风险|[【[（(]中[】\]）)]|[【[][^】\]]{1,12}[·・\-\s]中[】\]]|★★(?!★)|/MEDIUM\b`,
      'i',
    ),
  ],
  [
    'LOW',
    new RegExp(
      String.raw`${FIELD}(?:低|三级|一般|蓝|3级|III级|LOW)|风险[：:]?\s*低|蓝色预警|三级预警|低风险|不紧急|[【[（(]低[】\]）)]|[【[][^】\]]{1,12}[·・\-\s]低[】\]]|/LOW\b`,
      'i',
    ),
  ],
];

/** The level the text names first, or null. */
export function readLevel(text: string): WarningLevel | null {
  let best: { level: WarningLevel; at: number } | null = null;
  for (const [level, re] of LEVELS) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { level, at: m.index };
  }
  return best?.level ?? null;
}
