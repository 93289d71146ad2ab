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

/** China has kept UTC+8 all year since 1991. */
const BUSINESS_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The calendar date (YYYY-MM-DD) in Asia/Shanghai at that instant. Arithmetic on the fixed offset,
 * not Intl.DateTimeFormat: recommendation ranking asks for it per package, and formatting through
 * Intl showed as a few per cent of the catalog subgraph's CPU.
 */
export function businessDate(at: Date): string {
  return new Date(at.getTime() + BUSINESS_OFFSET_MS).toISOString().slice(0, 10);
}

export function today(clock: Clock): string {
  return businessDate(clock.now());
}
