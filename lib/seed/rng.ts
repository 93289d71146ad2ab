/**
 * Deterministic randomness. Every record draws from its own stream (seed, stream, index), so one
 * customer can be generated alone, in any order, by any subgraph, and always comes out the same.
 */
export const SEED = 20261124;

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** mulberry32: a uniform float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) if ((r -= w) < 0) return item;
    return items[items.length - 1][0];
  }
  /** A standard normal draw (Box–Muller, two uniforms; the first kept off 0). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(Math.max(this.next(), 1e-12))) * Math.cos(2 * Math.PI * this.next());
  }
  /** Roughly normal, by the sum of three uniforms. */
  around(mean: number, spread: number): number {
    return mean + ((this.next() + this.next() + this.next()) / 3 - 0.5) * 2 * spread;
  }
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function rngFor(stream: string, index: number, seed = SEED): Rng {
  let h = seed;
  for (let i = 0; i < stream.length; i++) h = mix(h, stream.charCodeAt(i));
  return new Rng(mix(h, index));
}
