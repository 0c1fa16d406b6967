import {
  ForecastInput,
  ForecastResult,
  Forecaster,
  OriginForecast,
  forecastsFromOrigins,
} from '../core/forecast.types';

/**
 * Fits the inner method on the last `maxLength` observations only: on long weekly histories old
 * regimes hurt more than they help, and the fit gets cheaper.
 *
 * Rolling origins (when the inner method has its own forecastFromOrigins): the one fit is the inner method's
 * on the last `maxLength` of the first `fitOn` points, the window `forecast` would use at that origin; the
 * inner model then runs forward from the window's start over every later point, unrefitted, as it does over
 * its own history. Without an inner forecastFromOrigins the wrapper has none either, so each origin is refitted
 * on its own last `maxLength` points (see forecastsFromOrigins): running the inner method's refits over a
 * window that grows with the origin would be neither path.
 */
export function recentWindowForecaster(name: string, inner: Forecaster, maxLength: number): Forecaster {
  const forecast = (input: ForecastInput): ForecastResult => {
    const y = input.y.length > maxLength ? input.y.slice(-maxLength) : input.y;
    return { ...inner.forecast({ ...input, y }), method: name };
  };
  if (!inner.forecastFromOrigins) return { name, forecast };
  return {
    name,
    forecast,
    forecastFromOrigins(input, origins, fitOn = input.y.length, fits): OriginForecast[] {
      const start = Math.max(0, fitOn - maxLength);
      // origins at or before the window's start have no point in it: refitted on their own windows
      const inWindow = origins.filter((o) => o > start);
      const run = forecastsFromOrigins(
        inner,
        { ...input, y: input.y.slice(start) },
        inWindow.map((o) => o - start),
        fitOn - start,
        fits,
      );
      let next = 0;
      return origins.map((o) => {
        if (o > start) return run[next++];
        const r = forecast({ ...input, y: input.y.slice(0, o), levels: [] });
        return { mean: r.mean, sigma: r.sigma };
      });
    },
  };
}
