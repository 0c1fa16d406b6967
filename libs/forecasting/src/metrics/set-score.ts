import { mase, smape } from './accuracy';

export interface SeriesScore {
  smape: number;
  mase: number;
}

export interface SetScore {
  smape: number;
  mase: number;
  series: number;
}

/** Scores a whole set: per-series sMAPE and MASE, then their means (M4 aggregation). */
export function scoreSet(
  insample: readonly (readonly number[])[],
  actual: readonly (readonly number[])[],
  forecasts: readonly (readonly number[])[],
  m: number,
): SetScore & { perSeries: SeriesScore[] } {
  if (insample.length !== actual.length || actual.length !== forecasts.length) {
    throw new Error(`set sizes differ: ${insample.length} train, ${actual.length} test, ${forecasts.length} forecasts`);
  }
  const perSeries = actual.map((y, i) => {
    const f = forecasts[i];
    if (f.length < y.length) throw new Error(`series ${i + 1}: ${f.length} forecasts for ${y.length} actual values`);
    return { smape: smape(y, f), mase: mase(insample[i], y, f, m) };
  });
  const n = perSeries.length;
  return {
    smape: perSeries.reduce((s, r) => s + r.smape, 0) / n,
    mase: perSeries.reduce((s, r) => s + r.mase, 0) / n,
    series: n,
    perSeries,
  };
}
