import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { ACTION_JOINS, ACTION_VERBS, ADVERBS } from './lexicon.js';

/**
 * Word segmentation (jieba) where a character alone would mislead: 并 joins two actions, but not
 * inside 合并账单; 转 opens an action (转网络优化), but not inside 转网.
 */
let jieba: Jieba | null = null;

// Words of this trade the stock dictionary splits; each line is "word frequency tag".
const TRADE_WORDS = [
  '装维 2000 n',
  '提速包 2000 n',
  '流量包 2000 n',
  '权益包 2000 n',
  '话费券 2000 n',
  '流量券 2000 n',
  '首问负责 2000 v',
  '携号转网 3000 v',
  '授权码 2000 n',
  '网格经理 2000 n',
  '融合套餐 2000 n',
  '宽带 3000 n',
  '掉话率 2000 n',
];

function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(TRADE_WORDS.join('\n')));
  }
  return jieba;
}

function words(text: string): string[] {
  return segmenter().cut(text, false);
}

const VERBS = new Set(ACTION_VERBS);
const LONG_VERBS = ACTION_VERBS.filter((v) => v.length >= 2);

/** Whether the clause opens with a verb of doing: its first word, or a two-character verb at its start. */
const OPENERS = new Set([...ACTION_VERBS, ...ADVERBS].map((w) => w[0]));

export function opensWithActionVerb(text: string): boolean {
  // Most clauses open with no verb or adverb at all: no need to segment them.
  if (!OPENERS.has(text[0])) return false;
  const all = words(text);
  let k = 0;
  for (; k < all.length && k <= 2; k++) {
    if (VERBS.has(all[k])) return true;
    if (!ADVERBS.has(all[k])) break;
  }
  const rest = all.slice(k).join('');
  return LONG_VERBS.some((v) => rest.startsWith(v));
}

/** One clause of advice as separate actions, cut where a conjunction joins two of them. */
export function splitActions(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (const word of words(text)) {
    if (ACTION_JOINS.has(word) && current !== '') {
      parts.push(current);
      current = '';
    } else if (!(ACTION_JOINS.has(word) && current === '')) current += word;
  }
  if (current) parts.push(current);
  return parts;
}
