import {
  ForecastInput,
  ForecastResult,
  Forecaster,
  OriginForecast,
  forecastsFromOrigins,
} from '../core/forecast.types';
import { validateInput } from '../core/intervals';
import { deseasonalise } from './deseasonalise';

/**
 * M4-benchmark style wrapper: forecast the multiplicatively seasonally adjusted series (when the 90 % ACF
 * test says seasonal and the data allow it) and multiply the indices back onto means, bounds and sigma.
 */
export function deseasonalisedForecaster(name: string, innerMethod: Forecaster): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      validateInput(input);
      const ds = deseasonalise(input.y, input.m);
      const r = innerMethod.forecast({ ...input, y: ds.adjusted, m: 1 });
      const scaleAll = (xs: number[]): number[] => xs.map((v, i) => v * ds.outIndex(i));
      const lower: Record<number, number[]> = {};
      const upper: Record<number, number[]> = {};
      for (const k of Object.keys(r.lower)) lower[Number(k)] = scaleAll(r.lower[Number(k)]);
      for (const k of Object.keys(r.upper)) upper[Number(k)] = scaleAll(r.upper[Number(k)]);
      return { method: name, mean: scaleAll(r.mean), lower, upper, sigma: r.sigma && scaleAll(r.sigma) };
    },
    // the indices are part of the fit: estimated on the first fitOn points, kept for every origin
    forecastFromOrigins(input, origins, fitOn = input.y.length, fits): OriginForecast[] {
      validateInput(input);
      const ds = deseasonalise(input.y.slice(0, fitOn), input.m);
      const adjusted = input.y.map((v, t) => v / ds.indices[t % ds.indices.length]);
      const inner = { ...input, y: adjusted, m: 1, levels: [] };
      const fromOrigins = forecastsFromOrigins(innerMethod, inner, origins, fitOn, fits);
      return fromOrigins.map((r, j) => {
        const at = (xs: number[]): number[] => xs.map((v, i) => v * ds.indices[(origins[j] + i) % ds.indices.length]);
        return { mean: at(r.mean), sigma: r.sigma && at(r.sigma) };
      });
    },
  };
}
