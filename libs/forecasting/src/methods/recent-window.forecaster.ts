import { ForecastInput, ForecastResult, Forecaster } from '../core/forecast.types';

/**
 * Fits the inner method on the last `maxLength` observations only: on long weekly histories old
 * regimes hurt more than they help, and the fit gets cheaper.
 */
export function recentWindowForecaster(name: string, inner: Forecaster, maxLength: number): Forecaster {
  return {
    name,
    forecast(input: ForecastInput): ForecastResult {
      const y = input.y.length > maxLength ? input.y.slice(-maxLength) : input.y;
      return { ...inner.forecast({ ...input, y }), method: name };
    },
  };
}
