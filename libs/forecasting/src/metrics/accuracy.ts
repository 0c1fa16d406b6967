/** M4-competition accuracy measures. All take the first `actual.length` forecasts. */

/** sMAPE in percent: mean of 200·|y−f| / (|y|+|f|); a step where both are 0 counts as 0. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  const h = actual.length;
  let sum = 0;
  for (let i = 0; i < h; i++) {
    const den = Math.abs(actual[i]) + Math.abs(forecast[i]);
    if (den > 0) sum += (200 * Math.abs(actual[i] - forecast[i])) / den;
  }
  return sum / h;
}

/** MASE scale: in-sample mean of |x_t − x_{t−m}| over the training part. */
export function maseScale(insample: readonly number[], m: number): number {
  const lag = insample.length > m ? m : 1;
  let sum = 0;
  for (let t = lag; t < insample.length; t++) sum += Math.abs(insample[t] - insample[t - lag]);
  return sum / (insample.length - lag);
}

/** MASE: mean absolute error over the horizon divided by the seasonal-naive in-sample scale. */
export function mase(
  insample: readonly number[],
  actual: readonly number[],
  forecast: readonly number[],
  m: number,
): number {
  return meanAbsoluteError(actual, forecast) / maseScale(insample, m);
}

export function meanAbsoluteError(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - forecast[i]);
  return sum / actual.length;
}

/** Overall Weighted Average relative to Naive2, from set averages (M4 definition). */
export function owa(smapeMethod: number, maseMethod: number, smapeNaive2: number, maseNaive2: number): number {
  return 0.5 * (smapeMethod / smapeNaive2 + maseMethod / maseNaive2);
}

/** Share of actual values inside [lower, upper] (inclusive). */
export function coverage(actual: readonly number[], lower: readonly number[], upper: readonly number[]): number {
  let inside = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] >= lower[i] && actual[i] <= upper[i]) inside++;
  return inside / actual.length;
}
