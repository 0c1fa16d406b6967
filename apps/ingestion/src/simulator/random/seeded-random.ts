import { normalFrom, seededRandom } from '@bsc/common';

/**
 * Deterministic randomness for the simulator. Two flavours:
 * - `SeededRandom`: @bsc/common's mulberry32 stream for sequential noise, with distributions on top;
 * - `randomAt(seed, ...key)`: a fresh stream derived from a key (line, hour index, ...), so whether an incident
 *   happens in a given hour does not depend on how (or whether) earlier hours were simulated. That keeps the
 *   backfill (coarse steps) and the live run (1 s ticks) telling the same story.
 */
export class SeededRandom {
  private readonly uniform: () => number;
  private readonly gaussian: () => number;

  constructor(seed: number) {
    this.uniform = seededRandom(seed);
    this.gaussian = normalFrom(this.uniform);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uniform();
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Standard normal (Box-Muller over the same stream, the second value kept for the next call). */
  normal(): number {
    return this.gaussian();
  }

  /** Poisson count: Knuth for small means, a rounded normal approximation above 30. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k += 1;
      p *= this.next();
    }
    return k;
  }

  /** Binomial count: exact for small n, normal approximation for large n. */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n < 40) {
      let k = 0;
      for (let i = 0; i < n; i += 1) if (this.next() < p) k += 1;
      return k;
    }
    const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * this.normal());
    return Math.min(n, Math.max(0, k));
  }
}

/** 32-bit hash of a seed and a key (integers or short strings), FNV-1a mixed with a murmur finaliser. */
export function hashKey(seed: number, ...key: ReadonlyArray<number | string>): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  const mix = (value: number): void => {
    h ^= value & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const part of key) {
    if (typeof part === 'number') {
      const value = Math.floor(part);
      for (let shift = 0; shift < 48; shift += 8) mix(Math.floor(value / 2 ** shift));
    } else {
      for (let i = 0; i < part.length; i += 1) mix(part.charCodeAt(i));
    }
    mix(0x2f);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function randomAt(seed: number, ...key: ReadonlyArray<number | string>): SeededRandom {
  return new SeededRandom(hashKey(seed, ...key));
}
