/** Autocorrelations r_1..r_maxLag, mean-centred, denominator the total sum of squares (as R's acf). */
export function acf(y: readonly number[], maxLag: number): number[] {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let den = 0;
  for (let i = 0; i < n; i++) den += (y[i] - mean) * (y[i] - mean);
  const r: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let num = 0;
    for (let t = 0; t + k < n; t++) num += (y[t] - mean) * (y[t + k] - mean);
    r.push(den > 0 ? num / den : 0);
  }
  return r;
}

export interface SeasonalityTestResult {
  seasonal: boolean;
  /** r_m, the autocorrelation at the seasonal lag (NaN when not computed). */
  acfM: number;
  /** 1.645·sqrt((1 + 2·Σ_{k<m} r_k²)/n). */
  limit: number;
}

const T_CRIT_90 = 1.645;

/** The M4 benchmarks' 90 % autocorrelation test at lag m (needs m > 1 and at least 3m points). */
export function seasonalityTest(y: readonly number[], m: number): SeasonalityTestResult {
  const n = y.length;
  // R's acf default lag.max; a seasonal lag beyond it gives NA, i.e. not seasonal
  const maxLag = Math.floor(10 * Math.log10(n));
  if (m <= 1 || n < 3 * m || m > maxLag) return { seasonal: false, acfM: Number.NaN, limit: Number.NaN };
  const r = acf(y, m);
  let sumSq = 0;
  for (let k = 0; k < m - 1; k++) sumSq += r[k] * r[k];
  const limit = (T_CRIT_90 / Math.sqrt(n)) * Math.sqrt(1 + 2 * sumSq);
  const acfM = r[m - 1];
  return { seasonal: Number.isFinite(acfM) && Math.abs(acfM) > limit, acfM, limit };
}
