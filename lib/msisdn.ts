import { halfWidth } from './halfwidth.js';

export type MsisdnCheck = { ok: true; msisdn: string } | { ok: false; reason: string };

/**
 * Normalises what a clerk or a front end types for a mainland mobile number: full-width digits
 * (a Chinese input method's `１３４…`) become digits, spaces and dashes are dropped, a +86/0086/86
 * country prefix is removed; then it must be 11 digits starting 13–19.
 */
export function checkMsisdn(input: string): MsisdnCheck {
  let s = halfWidth(input).replace(/[\s\-\u2010-\u2015]/g, '');
  if (s.length === 0) return { ok: false, reason: 'msisdn is empty / 手机号为空' };
  s = s.replace(/^(\+86|0086)/, '');
  if (s.length === 13 && s.startsWith('86')) s = s.slice(2);
  if (!/^\d+$/.test(s)) return { ok: false, reason: `msisdn "${input}" contains characters other than digits / 手机号只能包含数字` };
  if (s.length !== 11) return { ok: false, reason: `msisdn "${input}" has ${s.length} digits, expected 11 / 手机号应为11位` };
  if (!/^1[3-9]/.test(s)) return { ok: false, reason: `msisdn "${input}" must start with 13–19 / 手机号须以13–19开头` };
  return { ok: true, msisdn: s };
}
