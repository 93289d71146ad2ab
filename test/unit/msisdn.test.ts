import { describe, expect, it } from 'vitest';
import { checkMsisdn } from '../../lib/msisdn.js';
import { maskIdNumber, maskMsisdn } from '../../lib/mask.js';

describe('mobile number input', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+8613812345678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    // Typed with a Chinese input method: full-width digits, plus and spaces.
    ['134１２３４５６７９', '13412345679'],
    ['＋８６　１３８　１２３４　５６７８', '13812345678'],
    ['138－1234－5678', '13812345678'],
  ])('accepts %s as %s', (input, normalised) => {
    expect(checkMsisdn(input)).toEqual({ ok: true, msisdn: normalised });
  });

  it.each([
    ['', /empty/],
    ['1381234567', /10 digits, expected 11/],
    ['138123456789', /12 digits, expected 11/],
    ['1381234567a', /other than digits/],
    ['12812345678', /start with 13–19/],
    ['03812345678', /start with 13–19/],
  ])('rejects "%s" saying what is wrong', (input, reason) => {
    const result = checkMsisdn(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('masks numbers for display', () => {
    expect(maskMsisdn('13812345678')).toBe('138****5678');
    expect(maskIdNumber('321101199001011234')).toBe('321***********1234');
  });
});
