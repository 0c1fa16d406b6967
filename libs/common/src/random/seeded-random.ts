/** The one seeded generator: mulberry32, small, fast and reproducible (simulations, projections, benchmarks). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box-Muller over a uniform source (two per pair of uniforms, the second kept). */
export function normalFrom(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Standard normal draws from a seed. */
export function seededNormal(seed: number): () => number {
  return normalFrom(seededRandom(seed));
}

/**
 * Student's t draws with `df` degrees of freedom (at least 1): a standard normal over the root of an independent
 * chi-square by its df, the chi-square twice a Gamma(df / 2) draw by Marsaglia and Tsang's method (shape 1/2 boosted
 * by a uniform power). Uniforms and normals come from the streams given.
 */
export function studentTFrom(uniform: () => number, normal: () => number): (df: number) => number {
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = normal();
      const v = (1 + c * x) ** 3;
      if (v <= 0) continue;
      if (Math.log(uniform()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return (df) => normal() / Math.sqrt((2 * gamma(df / 2)) / df);
}
