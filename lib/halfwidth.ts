/**
 * What a Chinese input method types for ASCII: full-width forms (U+FF01–U+FF5E, `１３４`, `ＱＱＴ`)
 * and the ideographic space. Numbers and codes are read through this before they are checked;
 * free text (names, reasons, warning orders) is left as typed.
 */
export function halfWidth(input: string): string {
  return input.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
