import { createHash } from 'node:crypto';

export type Arm = 'CONTROL' | 'CANDIDATE';
export type Split = 'CUSTOMER' | 'HALL';

/** A running experiment as ranking needs it. */
export interface RunningExperiment {
  id: string;
  split: Split;
  share: number;
  candidateVersion: number;
}

/**
 * Which arm a customer is in: a stable hash of the experiment and the customer (or the hall they
 * are served in), so a customer keeps their arm on every visit and every instance, and a new
 * experiment splits afresh. A customer served outside any hall counts as their own unit.
 */
export function armOf(e: RunningExperiment, customerId: string, hall: string | null): Arm {
  const unit = e.split === 'HALL' && hall ? `hall:${hall}` : `customer:${customerId}`;
  const x = createHash('sha256').update(`${e.id}|${unit}`).digest().readUInt32BE(0) / 0x1_0000_0000;
  return x < e.share ? 'CANDIDATE' : 'CONTROL';
}

/**
 * The 95% Wilson score interval of a proportion: unlike the normal approximation it stays inside
 * [0, 1] and is honest for small counts, which an experiment's first days have.
 */
export function wilson(successes: number, trials: number, z = 1.959964): { low: number; high: number } {
  if (trials === 0) return { low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  // At none (or all) the bound is exactly 0 (or 1): centre and half cancel there only up to rounding.
  return { low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === trials ? 1 : Math.min(1, centre + half) };
}
