import { ForecastInput, Forecaster, OriginForecast, forecastsFromOrigins } from '../core/forecast.types';
import { getForecaster } from './forecast-methods';
import { naiveForecaster } from './naive.forecaster';
import { recentWindowForecaster } from './recent-window.forecaster';
import { SeriesBuilder } from './test-support/series.builder';

/** Differences 1, 2, ..., 9: every window has its own slope. */
const Y = [1, 2, 4, 7, 11, 16, 22, 29, 37, 46];

function line(last: number, slope: number, h: number): number[] {
  return Array.from({ length: h }, (_, i) => last + slope * (i + 1));
}

/**
 * Drift whose one parameter, the slope, is estimated once on the first fitOn points and kept while the model
 * runs forward: the last value moves with the origin, the slope does not. Records what it is given.
 */
function onceFittedDrift(calls: { y: number[]; origins: number[]; fitOn: number }[] = []): Forecaster {
  const slopeOf = (y: readonly number[]): number => (y.length > 1 ? (y[y.length - 1] - y[0]) / (y.length - 1) : 0);
  return {
    name: 'drift-once',
    forecast: ({ y, h }: ForecastInput) => ({
      method: 'drift-once',
      mean: line(y[y.length - 1], slopeOf(y), h),
      lower: {},
      upper: {},
    }),
    forecastFromOrigins(input: ForecastInput, origins: readonly number[], fitOn = input.y.length): OriginForecast[] {
      calls.push({ y: [...input.y], origins: [...origins], fitOn });
      const b = slopeOf(input.y.slice(0, fitOn));
      return origins.map((o) => ({ mean: line(input.y[o - 1], b, input.h) }));
    },
  };
}

/** Naive with nothing to estimate: its run-forward forecast from an origin is its refit there. */
const naiveRunForward: Forecaster = {
  name: 'naive-run',
  forecast: (input) => naiveForecaster.forecast(input),
  forecastFromOrigins: (input, origins) => origins.map((o) => ({ mean: line(input.y[o - 1], 0, input.h) })),
};

describe(recentWindowForecaster.name, () => {
  it('passes only the last maxLength observations to the inner method', () => {
    const seen: number[][] = [];
    const inner: Forecaster = {
      name: 'spy',
      forecast: (input) => (seen.push([...input.y]), naiveForecaster.forecast(input)),
    };
    const sut = recentWindowForecaster('recent', inner, 3);
    expect(sut.forecast({ y: [1, 2, 3, 4, 5], h: 1, m: 1 }).method).toBe('recent');
    sut.forecast({ y: [7, 8], h: 1, m: 1 });
    expect(seen).toEqual([
      [3, 4, 5],
      [7, 8],
    ]);
  });

  it('has no forecastFromOrigins when the inner method has none (each origin is refitted on its own window)', () => {
    expect('forecastFromOrigins' in recentWindowForecaster('recent', naiveForecaster, 4)).toBe(false);
  });

  // Validation as interval calibration asks for it: h = 2, origins 10, 8, 6, one fit at the oldest (fitOn = 6).
  // Window of 4 before the oldest origin: Y[2..6) = 4, 7, 11, 16, slope (16 - 4) / 3 = 4, kept for every origin:
  //   origin 6:  Y[5] = 16 → 20, 24
  //   origin 8:  Y[7] = 29 → 33, 37
  //   origin 10: Y[9] = 46 → 50, 54
  it('fits the inner method once on the window before the oldest origin and runs it forward', () => {
    const calls: { y: number[]; origins: number[]; fitOn: number }[] = [];
    const sut = recentWindowForecaster('recent', onceFittedDrift(calls), 4);
    const got = sut.forecastFromOrigins!({ y: Y, h: 2, m: 1 }, [10, 8, 6], 6);
    expect(got.map((r) => r.mean)).toEqual([
      [50, 54],
      [33, 37],
      [20, 24],
    ]);
    // one inner call: Y from the window's start (index 2), origins and fitOn counted from there
    expect(calls).toEqual([{ y: Y.slice(2), origins: [8, 6, 4], fitOn: 4 }]);
  });

  // Refitting at each origin on its own last 4 points instead:
  //   origin 8:  Y[4..8) = 11, 16, 22, 29, slope 18 / 3 = 6 → 35, 41
  //   origin 10: Y[6..10) = 22, 29, 37, 46, slope 24 / 3 = 8 → 54, 62
  // (origin 6 is the fit's own, 20, 24, on both paths)
  it('differs from refitting at each origin when the inner method has a parameter', () => {
    const refit = forecastsFromOrigins(
      recentWindowForecaster('recent', { ...onceFittedDrift(), forecastFromOrigins: undefined }, 4),
      { y: Y, h: 2, m: 1 },
      [10, 8, 6],
      6,
    );
    expect(refit.map((r) => r.mean)).toEqual([
      [54, 62],
      [35, 41],
      [20, 24],
    ]);
  });

  it.each([
    { maxLength: 4, origins: [10, 8, 6], fitOn: 6 },
    { maxLength: 3, origins: [10, 9, 8, 7], fitOn: 7 },
    { maxLength: 20, origins: [10, 8, 6], fitOn: 6 },
  ])(
    'equals refitting at each origin when the inner method has nothing to refit (window $maxLength, origins $origins)',
    ({ maxLength, origins, fitOn }) => {
      const input = { y: Y, h: 3, m: 1 };
      const once = recentWindowForecaster('recent', naiveRunForward, maxLength).forecastFromOrigins!(
        input,
        origins,
        fitOn,
      );
      const refit = forecastsFromOrigins(recentWindowForecaster('recent', naiveForecaster, maxLength), input, origins);
      expect(once.map((r) => r.mean)).toEqual(refit.map((r) => r.mean));
    },
  );

  // fitOn 6, window 4: start 2. Origin 2 has no point in the window, so it is refitted on Y[0..2) = 1, 2
  // (slope 1 → 3, 4); origin 10 runs forward with the window's slope 4 from Y[9] = 46 → 50, 54.
  it('refits an origin at or before the window start on its own window', () => {
    const sut = recentWindowForecaster('recent', onceFittedDrift(), 4);
    const got = sut.forecastFromOrigins!({ y: Y, h: 2, m: 1 }, [10, 2], 6);
    expect(got.map((r) => r.mean)).toEqual([
      [50, 54],
      [3, 4],
    ]);
  });

  // the oldest validation window is scored by exactly the forecast the wrapper makes at that origin
  it('forecasts from the oldest origin as the wrapper does when fitted there (ARIMA, window 40 of 100)', () => {
    const noise = SeriesBuilder.noise(100, 2, 11);
    const y = SeriesBuilder.linear(100, 50, 0.3).map((v, t) => v + noise[t]);
    const sut = recentWindowForecaster('recent', getForecaster('arima'), 40);
    const got = sut.forecastFromOrigins!({ y, h: 4, m: 1 }, [100, 96, 92], 92);
    const refit = sut.forecast({ y: y.slice(0, 92), h: 4, m: 1, levels: [] });
    got[2].mean.forEach((v, i) => expect(v).toBeCloseTo(refit.mean[i], 8));
    got[2].sigma!.forEach((v, i) => expect(v).toBeCloseTo(refit.sigma![i], 8));
  });

  it('arima-recent on a history shorter than its window forecasts from origins exactly as arima', () => {
    const noise = SeriesBuilder.noise(48, 3);
    const y = SeriesBuilder.linear(48, 100, 0.5).map((v, t) => v + noise[t]);
    const input = { y, h: 4, m: 1 };
    const origins = [48, 44, 40];
    expect(getForecaster('arima-recent').forecastFromOrigins!(input, origins, 40)).toEqual(
      getForecaster('arima').forecastFromOrigins!(input, origins, 40),
    );
  });
});
