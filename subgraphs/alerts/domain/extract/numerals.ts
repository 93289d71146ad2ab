/**
 * Chinese numerals as warning orders write them (三次, 十二月八日, 二〇二六年, 两万, 百分之六十八,
 * 三点五) turned into Arabic digits, for a copy of the text that figures and dates are read from.
 * Written here because the npm decoders either refuse 两 and 〇-digit years or convert any run of
 * numeral characters, and in prose 一直 or 千万 are not numbers.
 */
const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** The value of a run of Chinese numeral characters, or null when it is not a well-formed number. */
export function chineseNumber(run: string): number | null {
  const [whole, fraction, extra] = run.split('点');
  if (extra !== undefined || whole === '') return null;
  let value = /[十百千万]/.test(whole) ? positional(whole) : digitString(whole);
  if (value === null) return null;
  if (fraction !== undefined) {
    const f = digitString(fraction);
    if (f === null || fraction === '') return null;
    value = Number(
      `${value}.${fraction
        .split('')
        .map((c) => DIGIT[c])
        .join('')}`,
    );
  }
  return value;
}

function digitString(s: string): number | null {
  let out = '';
  for (const c of s) {
    if (!(c in DIGIT)) return null;
    out += DIGIT[c];
  }
  return out === '' ? null : Number(out);
}

function positional(s: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastUnit = 0;
  let zero = false;
  for (const c of s) {
    if (c in DIGIT) {
      if (digit !== null && digit !== 0 && DIGIT[c] !== 0) return null;
      if (DIGIT[c] === 0) zero = true;
      digit = DIGIT[c];
    } else if (c in UNIT) {
      section += (digit ?? 1) * UNIT[c];
      lastUnit = UNIT[c];
      zero = false;
      digit = null;
    } else if (c === '万') {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      lastUnit = 0;
      digit = null;
    } else return null;
  }
  // 一百五 is 150 and 两千三 2300: a last digit straight after 百 or 千 counts in the next unit down.
  if (digit !== null && lastUnit >= 100 && !zero) return total + section + (digit * lastUnit) / 10;
  return total + section + (digit ?? 0);
}

const RUN = /(百分之)?([零〇一二两三四五六七八九十百千万点]+)/g;
// A run is a number where a count, unit or date part follows it, or a percentage is spelt out…
const FOLLOWER = /^(?:次|天|日|号|月|年|个|元|块|%|岁|周|倍|条|台|户|笔|张|位|G|M|兆|分钟|小时|星期)/;

/** The text with numerals that stand for numbers written in digits; everything else unchanged. */
export function withArabicNumerals(text: string): string {
  return text.replace(RUN, (match, percent: string | undefined, run: string, at: number) => {
    const after = text.slice(at + match.length);
    // …or where it is plainly a number by its shape (四百八, 五十八): digits with a place unit.
    const shaped = /[一二两三四五六七八九]/.test(run) && /[十百千]/.test(run) && run.length >= 2;
    if (!percent && !FOLLOWER.test(after) && !shaped) return match;
    // 2百多 is not 2 and 100: a run glued to digits stays as written.
    if (/\d$/.test(text.slice(0, at))) return match;
    // 千万/万一 and the like are words, not numbers, unless a unit follows.
    const value = chineseNumber(run);
    if (value === null) return match;
    return percent ? `${value}%` : String(value);
  });
}
