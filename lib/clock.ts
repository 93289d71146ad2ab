/** Time is injected everywhere so tests can pin "today". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new Error(`fixedClock: not a date: ${iso}`);
  return { now: () => new Date(at) };
}

export const BUSINESS_TZ = 'Asia/Shanghai';

const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: BUSINESS_TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) in Asia/Shanghai at that instant. */
export function businessDate(at: Date): string {
  return ymd.format(at);
}

export function today(clock: Clock): string {
  return businessDate(clock.now());
}
