import { pinyin } from 'pinyin-pro';
import { TYPO_LEXICON } from './lexicon.js';
import { withArabicNumerals } from './numerals.js';

/**
 * The views of a warning order's text the extractor reads:
 * - `fixed`: full-width letters and digits made half-width, runs of space made one, and homophone
 *   typos of the trade's words corrected character for character (positions carry over); what
 *   words are matched in and what reasons and actions are cut from;
 * - `numeric`: `fixed` with Chinese numerals in digits; what figures and dates are read from.
 */
export interface TextViews {
  fixed: string;
  numeric: string;
  corrections: { from: string; to: string }[];
}

export function textViews(raw: string): TextViews {
  const shown = halfWidth(raw)
    .replace(/[ \t\u3000\u00a0]+/g, ' ')
    .replace(/\r\n?/g, '\n')
    .trim();
  const { text: fixed, corrections } = correctHomophones(shown);
  return { fixed, numeric: withArabicNumerals(fixed), corrections };
}

function halfWidth(text: string): string {
  // Letters, digits and the marks figures use; Chinese punctuation (，。：；) stays as written.
  return text.replace(/[０-９Ａ-Ｚａ-ｚ％．－／＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/(\d),(?=\d{3}(?!\d))/g, '$1');
}

// IMEs type by sound, and the usual slips are fuzzy pairs of initials and finals.
function fuzzy(syllable: string): string {
  return syllable
    .replace(/^([zcs])h/, '$1')
    .replace(/^n/, 'l')
    .replace(/(an|en|in)g$/, '$1');
}

const soundsOfChar = new Map<string, readonly string[]>();

/** Every reading of one character, fuzzed; cached, as the same few hundred characters recur. */
function soundsOf(char: string): readonly string[] {
  let s = soundsOfChar.get(char);
  if (!s) {
    s = [...new Set(pinyin(char, { toneType: 'none', type: 'array', multiple: true }).map(fuzzy))];
    soundsOfChar.set(char, s);
  }
  return s;
}

interface Slot {
  word: string;
  /** Where in the word the anchoring character stands. */
  at: number;
}

/** Each character of the lexicon's words → the words and places it appears in. */
const ANCHORS = new Map<string, Slot[]>();
for (const word of TYPO_LEXICON) {
  if (word.length < 2) continue;
  for (const [at, c] of [...word].entries()) ANCHORS.set(c, [...(ANCHORS.get(c) ?? []), { word, at }]);
}

const soundsAlike = (a: string, b: string) => a === b || soundsOf(a).some((s) => soundsOf(b).includes(s));

/**
 * Replaces a window that sounds like a domain word, shares at least one character with it in place
 * and is not that word (欠废 → 欠费, 投述 → 投诉, 携号转往 → 携号转网). Words of one character are
 * never corrected: too much sounds alike. Only windows around a character of some domain word are
 * looked at, so the cost follows the few such characters, not the text's length.
 */
function correctHomophones(text: string): { text: string; corrections: { from: string; to: string }[] } {
  const chars = [...text];
  if (chars.length !== text.length) return { text, corrections: [] };
  const corrections: { from: string; to: string }[] = [];
  for (let i = 0; i < chars.length; i++) {
    const slots = ANCHORS.get(chars[i]);
    if (!slots) continue;
    for (const { word, at } of slots) {
      const start = i - at;
      if (start < 0 || start + word.length > chars.length) continue;
      const window = chars.slice(start, start + word.length).join('');
      if (window === word) continue;
      if (![...word].every((c, k) => soundsAlike(c, chars[start + k]))) continue;
      corrections.push({ from: window, to: word });
      chars.splice(start, word.length, ...word);
      break;
    }
  }
  return { text: chars.join(''), corrections };
}
