import { pinyin } from 'pinyin-pro';

/**
 * The views of a warning order's text the extractor reads:
 * - `shown`: full-width letters and digits made half-width, runs of space made one; what reasons and
 *   actions are cut from, so the clerk reads the text as written;
 * - `fixed`: `shown` with homophone typos of the domain's words corrected, character for character
 *   (same length, so positions carry over); what words are matched in;
 * - `numeric`: `fixed` with Chinese numerals in digits; what figures and dates are read from.
 */
export interface TextViews {
  shown: string;
  fixed: string;
  numeric: string;
  corrections: { from: string; to: string }[];
}

export function textViews(raw: string, numerals: (text: string) => string, lexicon: readonly string[]): TextViews {
  const shown = halfWidth(raw)
    .replace(/[ \t\u3000\u00a0]+/g, ' ')
    .replace(/\r\n?/g, '\n')
    .trim();
  const { text: fixed, corrections } = correctHomophones(shown, lexicon);
  return { shown, fixed, numeric: numerals(fixed), corrections };
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

const lexiconIndex = new Map<readonly string[], Map<string, string[]>>();

function indexOf(lexicon: readonly string[]): Map<string, string[]> {
  let index = lexiconIndex.get(lexicon);
  if (!index) {
    index = new Map();
    for (const word of lexicon) {
      const key = sounds(word).join(' ');
      index.set(key, [...(index.get(key) ?? []), word]);
    }
    lexiconIndex.set(lexicon, index);
  }
  return index;
}

function sounds(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'spaced' }).map(fuzzy);
}

/**
 * Replaces a window that sounds like a domain word, shares at least one character with it in place
 * and is not that word (欠废 → 欠费, 投述 → 投诉, 携号转往 → 携号转网). Words of one character are
 * never corrected: too much sounds alike.
 */
function correctHomophones(text: string, lexicon: readonly string[]): { text: string; corrections: { from: string; to: string }[] } {
  if (!/[\u4e00-\u9fff]/.test(text)) return { text, corrections: [] };
  const index = indexOf(lexicon);
  const lengths = [...new Set(lexicon.map((w) => w.length))].filter((n) => n >= 2).sort((a, b) => b - a);
  const syllables = sounds(text);
  if (syllables.length !== text.length) return { text, corrections: [] };
  const chars = [...text];
  const corrections: { from: string; to: string }[] = [];
  for (let i = 0; i < chars.length; i++) {
    for (const n of lengths) {
      if (i + n > chars.length) continue;
      const window = chars.slice(i, i + n).join('');
      const candidates = index.get(syllables.slice(i, i + n).join(' '));
      if (!candidates || candidates.includes(window)) continue;
      const word = candidates.find((w) => [...w].some((c, k) => c === chars[i + k]));
      if (!word) continue;
      corrections.push({ from: window, to: word });
      chars.splice(i, n, ...word);
      i += n - 1;
      break;
    }
  }
  return { text: chars.join(''), corrections };
}
