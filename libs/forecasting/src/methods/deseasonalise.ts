import { multiplicativeSeasonalIndices } from './decomposition';
import { SeasonalityTestResult, seasonalityTest } from './seasonality-test';

/** A series with its multiplicative seasonality removed, and the indices to put it back on the forecasts. */
export interface Deseasonalised {
  test: SeasonalityTestResult;
  /** Seasonal indices by position from the series start (all 1 when not seasonal). */
  indices: number[];
  adjusted: number[];
  /** Multiplies h forecasts of the adjusted series by the indices of the steps n..n+h-1. */
  reseasonalise(forecasts: readonly number[]): number[];
  /** Index applying to forecast step i (0-based). */
  outIndex(i: number): number;
}

/** M4 practice: deseasonalise only when the 90 % ACF test says seasonal. */
export function deseasonalise(y: readonly number[], m: number): Deseasonalised {
  const test = seasonalityTest(y, m);
  const n = y.length;
  const indices = test.seasonal ? multiplicativeSeasonalIndices(y, m) : new Array<number>(Math.max(m, 1)).fill(1);
  const usable = indices.every((s) => Number.isFinite(s) && s > 0);
  const idx = usable ? indices : new Array<number>(Math.max(m, 1)).fill(1);
  const adjusted = y.map((v, t) => v / idx[t % idx.length]);
  const outIndex = (i: number): number => idx[(n + i) % idx.length];
  return {
    test,
    indices: idx,
    adjusted,
    outIndex,
    reseasonalise: (forecasts) => forecasts.map((f, i) => f * outIndex(i)),
  };
}
