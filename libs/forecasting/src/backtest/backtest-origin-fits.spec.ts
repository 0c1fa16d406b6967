import type { FitStore } from '../core/fit-store';
import type { ForecastInput, Forecaster, OriginForecast } from '../core/forecast.types';
import { backtest } from './rolling-origin-backtest';

/** 0, 1, ..., 99: a line with in-sample scale 1 (m = 1). */
const line = Array.from({ length: 100 }, (_, i) => i);

/**
 * "Fitted" on the first fitOn points, it forecasts the last of them at every step from any origin, with a sigma of
 * 20: the forecast tells which fit made it. Records each fit and each refit.
 */
function flatForecaster(): Forecaster & {
  fits: Array<{ fitOn: number; origins: readonly number[] }>;
  refits: number[];
} {
  const fits: Array<{ fitOn: number; origins: readonly number[] }> = [];
  const refits: number[] = [];
  return {
    name: 'flat',
    fits,
    refits,
    forecast: ({ y, h }: ForecastInput) => {
      refits.push(y.length);
      const v = y[y.length - 1];
      return { method: 'flat', mean: Array<number>(h).fill(v), lower: {}, upper: {} };
    },
    forecastFromOrigins: (input: ForecastInput, origins: readonly number[], fitOn = input.y.length, _?: FitStore) => {
      fits.push({ fitOn, origins });
      return origins.map((): OriginForecast => ({
        mean: Array<number>(input.h).fill(input.y[fitOn - 1]),
        sigma: Array<number>(input.h).fill(20),
      }));
    },
  };
}

describe('backtest origins from one fit per doubling', () => {
  it('runs the fit on the first 64 points on to origins 95, 92 and 89, with normal intervals from its sigma', () => {
    const f = flatForecaster();
    const sut = backtest(line, f, { h: 5, m: 1, origins: 3, step: 3, fits: 'doubling' });

    expect(f.refits).toEqual([]);
    expect(f.fits).toEqual([{ fitOn: 64, origins: [95, 92, 89] }]);
    // each origin forecasts 63: from 95 the actual 95..99 are 32..36 off (mean 34), from 92 31, from 89 28; MASE
    // over a scale of 1: (34 + 31 + 28) / 3 = 31
    expect(sut!.mase).toBeCloseTo(31, 9);
    // 80 %: 63 ± 1.2816·20 = ±25.6 misses every actual (26 or more off); 95 %: ±39.2 covers them all
    expect(sut!.coverage80).toBe(0);
    expect(sut!.coverage95).toBe(1);
    expect(sut!.origins).toBe(3);
  });

  it("'each' (the default) refits at every origin", () => {
    const f = flatForecaster();
    const sut = backtest(line, f, { h: 5, m: 1, origins: 3, step: 3 });
    expect(f.refits).toEqual([95, 92, 89]);
    expect(f.fits).toEqual([]);
    // naive from origin o: errors 1..5, MAE 3
    expect(sut!.mase).toBeCloseTo(3, 9);
  });

  it('an origin below twice the shortest fit gets a fit of its own', () => {
    const f = flatForecaster();
    // 0..39, h 5: origins 35, 30, 25, 20 (step 5); the shortest training part is 8 points: fits on 32, 16
    backtest(line.slice(0, 40), f, { h: 5, m: 1, origins: 4, step: 5, fits: 'doubling' });
    expect(f.fits).toEqual([
      { fitOn: 32, origins: [35] },
      { fitOn: 16, origins: [30, 25, 20] },
    ]);
  });
});
