import { mapFitStore } from '../core/fit-store';
import { forecastsFromOrigins } from '../core/forecast.types';
import { FORECAST_METHODS, getForecaster } from './forecast-methods';
import { QUARTER_PATTERN, SeriesBuilder } from './test-support/series.builder';

const noise = SeriesBuilder.noise(64, 3);
const SEASONAL = SeriesBuilder.seasonal(64, 100, QUARTER_PATTERN).map((v, t) => v + 0.5 * t + noise[t]);
const NON_SEASONAL = SEASONAL.map((v, t) => v / QUARTER_PATTERN[t % 4]);

/** The methods that run one fit on to later origins (the others refit at each origin: nothing to keep). */
const RUN_ON = ['ensemble', 'ensemble-mean3', 'ensemble-median3', 'ets', 'ets-st', 'otheta', 'arima', 'arima-recent'];

describe('fits kept in a store, as the forecast memo keeps them from one day to the next', () => {
  it('covers registered methods', () => {
    expect(FORECAST_METHODS).toEqual(expect.arrayContaining(RUN_ON));
  });

  it.each(RUN_ON.flatMap((name) => [[name, 4, SEASONAL] as const, [name, 1, NON_SEASONAL] as const]))(
    '%s (m = %d): the same forecasts from a kept fit as from a new one, with one point more',
    (name, m, y) => {
      const method = getForecaster(name);
      const input = { y: y.slice(0, 60), h: 4, m, levels: [] };
      const store = mapFitStore();
      const fresh = forecastsFromOrigins(method, input, [56, 52, 48], 32);
      expect(forecastsFromOrigins(method, input, [56, 52, 48], 32, store)).toEqual(fresh);
      expect(store.models.size).toBeGreaterThan(0);

      // the next day, handed over as the worker does (a structured clone): nothing is fitted again
      const kept = mapFitStore();
      for (const [key, model] of structuredClone(store.models)) kept.setModel(key, model);
      const next = { ...input, y: y.slice(0, 61) };
      const origins = [57, 53, 49];
      expect(forecastsFromOrigins(method, next, origins, 32, kept)).toEqual(
        forecastsFromOrigins(method, next, origins, 32),
      );
      expect([...kept.models.keys()]).toEqual([...store.models.keys()]);
    },
  );
});
