/** Deterministic series for method fixtures. */
export const SeriesBuilder = {
  linear: (n: number, intercept: number, slope: number): number[] =>
    Array.from({ length: n }, (_, t) => intercept + slope * t),
  constant: (n: number, value: number): number[] => new Array<number>(n).fill(value),
  /** level × pattern[t mod m] (multiplicative) or level + pattern (additive). */
  seasonal: (n: number, level: number, pattern: readonly number[], kind: 'mul' | 'add' = 'mul'): number[] =>
    Array.from({ length: n }, (_, t) =>
      kind === 'mul' ? level * pattern[t % pattern.length] : level + pattern[t % pattern.length],
    ),
  /** Seeded pseudo-random noise (LCG), mean 0, for fixtures that must not be exact. */
  noise: (n: number, sd: number, seed = 7): number[] => {
    let s = seed;
    return Array.from({ length: n }, () => {
      let u = 0;
      for (let k = 0; k < 12; k++) {
        s = (s * 1103515245 + 12345) % 2147483648;
        u += s / 2147483648;
      }
      return (u - 6) * sd;
    });
  },
};

export const QUARTER_PATTERN = [0.8, 1.1, 1.3, 0.8];
