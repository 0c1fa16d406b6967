import { ForecastResult, Forecaster } from '../core/forecast.types';
import { mase, maseScale, smape } from '../metrics/accuracy';
import { GlobalWindowModel, globalWindowForecast } from './global-window-model';

/** Equal weights: the robust combination when nothing says otherwise (one validation window cannot). */
export const GLOBAL_WEIGHT = 0.5;

/**
 * The global model's path over any horizon: its own h steps, then again from the series extended by them
 * (a model trained for one horizon serves a longer period). Undefined where the model does not apply.
 */
export function globalPath(model: GlobalWindowModel, y: readonly number[], h: number): number[] | undefined {
  const path: number[] = [];
  let extended = y;
  while (path.length < h) {
    const next = globalWindowForecast(model, extended);
    if (!next) return undefined;
    path.push(...next);
    extended = [...extended, ...next];
  }
  return path.slice(0, h);
}

/** Moves the mean and the intervals of a result by the same amounts: the width stays the method's. */
export function recentre(result: ForecastResult, mean: number[], method = result.method): ForecastResult {
  const shift = mean.map((v, i) => v - result.mean[i]);
  const move = (bounds: Record<number, number[]>): Record<number, number[]> =>
    Object.fromEntries(Object.entries(bounds).map(([level, b]) => [level, b.map((v, i) => v + shift[i])]));
  return { ...result, method, mean, lower: move(result.lower), upper: move(result.upper) };
}

/** The equal-weight blend of a method's points with the global model's. */
export function blendMeans(method: readonly number[], global: readonly number[]): number[] {
  return method.map((v, i) => GLOBAL_WEIGHT * global[i] + (1 - GLOBAL_WEIGHT) * v);
}

/**
 * The M4 criterion of the blend against the method on held-out points: the mean of the relative sMAPE and the
 * relative MASE. Below 1 the blend is better. NaN when the method is exact or the scale is zero (no verdict).
 */
export function blendRatio(
  train: readonly number[],
  actual: readonly number[],
  method: readonly number[],
  blend: readonly number[],
  m: number,
): number {
  if (!(maseScale(train, m) > 0)) return Number.NaN;
  return (
    0.5 *
    (smape(actual, blend) / smape(actual, method) + mase(train, actual, blend, m) / mase(train, actual, method, m))
  );
}

/**
 * A method with the global model joined at equal weights: the blend is the point forecast, the intervals keep
 * the method's widths (re-centred), as in `bsc forecast`. Where the model does not apply, the method alone.
 */
export function globalBlendForecaster(base: Forecaster, model: GlobalWindowModel): Forecaster {
  const name = `${base.name}+global`;
  return {
    name,
    forecast(input): ForecastResult {
      const result = base.forecast(input);
      const g = globalPath(model, input.y, input.h);
      return g ? recentre(result, blendMeans(result.mean, g), name) : result;
    },
  };
}
