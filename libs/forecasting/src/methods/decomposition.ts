/**
 * Classical multiplicative decomposition as R's `decompose(type = "multiplicative")`:
 * centred moving average (2×m for even m), ratios by position from the series start,
 * averaged ignoring missing, normalised to mean 1.
 */
export function movingAverageTrend(y: readonly number[], m: number): number[] {
  const n = y.length;
  const weights =
    m % 2 === 0 ? [0.5, ...Array<number>(m - 1).fill(1), 0.5].map((w) => w / m) : Array<number>(m).fill(1 / m);
  const half = Math.floor(weights.length / 2);
  const trend = new Array<number>(n).fill(Number.NaN);
  for (let t = half; t + half < n; t++) {
    let s = 0;
    for (let j = 0; j < weights.length; j++) s += weights[j] * y[t - half + j];
    trend[t] = s;
  }
  return trend;
}

/** Seasonal indices by position (index i applies to y[t] with t mod m = i), mean 1. */
export function multiplicativeSeasonalIndices(y: readonly number[], m: number): number[] {
  const trend = movingAverageTrend(y, m);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = 0; t < y.length; t++) {
    const ratio = y[t] / trend[t];
    if (Number.isFinite(ratio)) {
      sums[t % m] += ratio;
      counts[t % m]++;
    }
  }
  const figure = sums.map((s, i) => s / counts[i]);
  const mean = figure.reduce((a, b) => a + b, 0) / m;
  return figure.map((f) => f / mean);
}

/** Index for step t (0-based from the series start), for t beyond the sample too. */
export function seasonalIndexAt(indices: readonly number[], t: number): number {
  return indices[t % indices.length];
}

/** Additive counterpart: mean deviation from the trend by position, centred to sum 0. */
export function additiveSeasonalIndices(y: readonly number[], m: number): number[] {
  const trend = movingAverageTrend(y, m);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = 0; t < y.length; t++) {
    const d = y[t] - trend[t];
    if (Number.isFinite(d)) {
      sums[t % m] += d;
      counts[t % m]++;
    }
  }
  const figure = sums.map((s, i) => s / counts[i]);
  const mean = figure.reduce((a, b) => a + b, 0) / m;
  return figure.map((f) => f - mean);
}
