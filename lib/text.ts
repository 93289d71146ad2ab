/**
 * What PostgreSQL's text and JSON types will not store, found before a statement is sent: a NUL
 * (U+0000) and a lone UTF-16 surrogate (half of a character, which has no UTF-8 form). A value
 * holding either fails in the database with the database's own message; every input is checked
 * here instead and refused with a reason of ours.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unstorableText(value: string): string | null {
  const m = UNSTORABLE.exec(value);
  if (!m) return null;
  return m[0] === '\u0000'
    ? '含空字符（U+0000） / contains a NUL character (U+0000)'
    : '含不成对的代理字符（无效 Unicode） / contains a lone surrogate (invalid Unicode)';
}

/** The first string anywhere in a value (variables, nested inputs) that cannot be stored, with where it is. */
export function findUnstorable(value: unknown, path: (string | number)[] = [], depth = 0): { path: (string | number)[]; reason: string } | null {
  if (typeof value === 'string') {
    const reason = unstorableText(value);
    return reason ? { path, reason } : null;
  }
  if (depth > 32 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorable(value[i], [...path, i], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const found = findUnstorable(k, [...path, k], depth + 1) ?? findUnstorable(v, [...path, k], depth + 1);
    if (found) return found;
  }
  return null;
}
