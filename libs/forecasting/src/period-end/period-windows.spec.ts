import { storedFit, type FitStore } from '../core/fit-store';
import type { ForecastInput, Forecaster, OriginForecast } from '../core/forecast.types';
import { recentChange, recentLevel, windowErrors } from './period-windows';

/** 0, 1, ..., n-1. */
const line = (n: number) => Array.from({ length: n }, (_, i) => i);

interface FitCall {
  fitOn: number;
  origins: readonly number[];
  seen: number;
}

/**
 * "Fitted" on the first fitOn points, it forecasts the last of them for every step from any origin, so an error
 * tells which fit made it. Records each fit and each refit.
 */
function recordingForecaster(withOrigins: boolean): Forecaster & { fits: FitCall[]; refits: number[] } {
  const fits: FitCall[] = [];
  const refits: number[] = [];
  const flat = (v: number, h: number): number[] => Array<number>(h).fill(v);
  const f: Forecaster & { fits: FitCall[]; refits: number[] } = {
    name: 'recording',
    fits,
    refits,
    forecast: ({ y, h }: ForecastInput) => {
      refits.push(y.length);
      const mean = flat(y[y.length - 1], h);
      return { method: 'recording', mean, lower: {}, upper: {} };
    },
  };
  if (withOrigins)
    f.forecastFromOrigins = (input: ForecastInput, origins: readonly number[], fitOn = input.y.length) => {
      fits.push({ fitOn, origins, seen: input.y.length });
      return origins.map((): OriginForecast => ({ mean: flat(input.y[fitOn - 1], input.h) }));
    };
  return f;
}

// 0..99, windows of the next 5 steps summed, origins from 95 down: 96 − 8 = 88 positions, step ⌊88 / 20⌋ = 4,
// so 95, 91, ..., 19 (20 origins)
const series = line(100);
const limits = { max: 20, min: 16, minTrain: 8 };
const spans = [{ offset: 0, length: 5, agg: 'sum' as const }];
const origins = Array.from({ length: 20 }, (_, j) => 95 - 4 * j);

describe('windowErrors: how past origins are fitted', () => {
  it("'each' (the default) refits at every origin, on the points before it", () => {
    const f = recordingForecaster(true);
    const [errors] = windowErrors(series, 5, spans, f, 1, limits, false);
    expect(f.refits).toEqual(origins);
    expect(f.fits).toEqual([]);
    // from origin o the last point is o − 1; the window o..o+4 sums to 5o + 10: an error of 15 everywhere
    expect(errors).toEqual(Array<number>(20).fill(15));
  });

  it("'doubling' fits once on the first 8·2^k points and runs that fit to every origin below twice as many", () => {
    const f = recordingForecaster(true);
    const [errors] = windowErrors(series, 5, spans, f, 1, { ...limits, fits: 'doubling' }, false);
    expect(f.refits).toEqual([]);
    // origins 95..67 from the fit on 64 points, 63..35 on 32, 31..19 on 16; nothing past a group's last origin is seen
    expect(f.fits).toEqual([
      { fitOn: 64, origins: [95, 91, 87, 83, 79, 75, 71, 67], seen: 95 },
      { fitOn: 32, origins: [63, 59, 55, 51, 47, 43, 39, 35], seen: 63 },
      { fitOn: 16, origins: [31, 27, 23, 19], seen: 31 },
    ]);
    // each error is 5o + 10 − 5(fitOn − 1), in origin order (latest first): 95 gives 475 + 10 − 315 = 170
    const expected = origins.map((o) => 5 * o + 10 - 5 * ((o >= 64 ? 64 : o >= 32 ? 32 : 16) - 1));
    expect(errors[0]).toBe(170);
    expect(errors).toEqual(expected);
  });

  it("'doubling' refits a method that cannot run a fit on to later origins", () => {
    const f = recordingForecaster(false);
    windowErrors(series, 5, spans, f, 1, { ...limits, fits: 'doubling' }, false);
    expect(f.refits).toEqual(origins);
  });

  it('the shortest fit is two seasons long when that is more than minTrain', () => {
    const f = recordingForecaster(true);
    windowErrors(series, 5, spans, f, 7, { ...limits, fits: 'doubling' }, false);
    // minTrain max(8, 14) = 14: 82 positions, step 4, origins 95..19; fits on 14, 28, 56
    expect(f.fits.map((c) => c.fitOn)).toEqual([56, 28, 14]);
    expect(f.fits[2].origins).toEqual([27, 23, 19]);
  });
});

describe('windowErrors: fits kept from one day to the next', () => {
  /** As recordingForecaster, but its fit (the last point of the fitted part) goes through the store. */
  function storingForecaster(): Forecaster & { made: number[] } {
    const made: number[] = [];
    return {
      name: 'storing',
      made,
      forecast: ({ y, h }: ForecastInput) => ({
        method: 'storing',
        mean: Array<number>(h).fill(y[y.length - 1]),
        lower: {},
        upper: {},
      }),
      forecastFromOrigins(input, origins, fitOn = input.y.length, fits?: FitStore) {
        const y = input.y.slice(0, fitOn);
        const fit = storedFit(fits, 'last-point', y, () => {
          made.push(fitOn);
          return { last: y[y.length - 1] };
        });
        return origins.map((): OriginForecast => ({ mean: Array<number>(input.h).fill(fit!.last) }));
      },
    };
  }
  const store = () => {
    const models = new Map<string, unknown>();
    return {
      models,
      model: (key: string) => models.get(key),
      setModel: (key: string, v: unknown) => models.set(key, v),
    };
  };
  const doubling = { ...limits, fits: 'doubling' as const };

  it('the next day (one point more) fits nothing again: its fits are on the same leading parts', () => {
    const fits = store();
    const f = storingForecaster();
    windowErrors(series, 5, spans, f, 1, doubling, false, fits);
    expect(f.made).toEqual([64, 32, 16]);
    expect(fits.models.size).toBe(3);

    // 0..100: origins 96, 92, ..., 20 (97 − 8 = 89 positions, step 4), in the groups of 64, 32 and 16 again
    const nextDay = line(101);
    const [kept] = windowErrors(nextDay, 5, spans, f, 1, doubling, false, fits);
    expect(f.made).toEqual([64, 32, 16]);
    expect(kept).toEqual(windowErrors(nextDay, 5, spans, storingForecaster(), 1, doubling, false)[0]);
    // from origin 96 the fit on 64 points forecasts 63: 5·96 + 10 − 315 = 175
    expect(kept[0]).toBe(175);
  });

  it('a corrected day inside a fitted part fits that part and the longer ones again', () => {
    const fits = store();
    const f = storingForecaster();
    windowErrors(series, 5, spans, f, 1, doubling, false, fits);
    const corrected = series.map((v, t) => (t === 20 ? v + 1 : v));
    windowErrors(corrected, 5, spans, f, 1, doubling, false, fits);
    // day 20 lies in the first 32 and 64 points, not in the first 16
    expect(f.made).toEqual([64, 32, 16, 64, 32]);
  });
});

describe(recentChange.name, () => {
  it.each([
    // |7 − 4| and |11 − 7| over the 2 steps before 5: 3.5
    [[1, 2, 4, 7, 11], 5, 2, 1, 3.5],
    // a season of 2 back: |7 − 2| and |11 − 4|: 6
    [[1, 2, 4, 7, 11], 5, 2, 2, 6],
    // fewer steps than the span: |2 − 1| and |4 − 2| before 3
    [[1, 2, 4, 7, 11], 3, 10, 1, 1.5],
    // no step with a predecessor
    [[5], 1, 3, 1, Number.NaN],
  ])('%j before %i over %i steps, season %i: %d', (series, end, span, m, expected) => {
    expect(recentChange(series, end, span, m)).toBe(expected);
  });
});

describe(recentLevel.name, () => {
  it.each([
    // |7| and |−11| over the 2 steps before 5: 9
    [[1, 2, 4, 7, -11], 5, 2, 9],
    // fewer steps than the span: 1, 2 and 4, the 3 before 3
    [[1, 2, 4, 7, 11], 3, 10, 7 / 3],
    [[], 0, 3, Number.NaN],
  ])('%j before %i over %i steps: %d', (series, end, span, expected) => {
    expect(recentLevel(series, end, span)).toBe(expected);
  });
});

describe("windowErrors brought to today's scale (recent-change)", () => {
  /** Forecasts 0 from every origin: an error is the window's actual sum. */
  const zero: Forecaster = {
    name: 'zero',
    forecast: ({ h }: ForecastInput) => ({ method: 'zero', mean: Array<number>(h).fill(0), lower: {}, upper: {} }),
  };
  const limits = { max: 3, min: 1, minTrain: 2 };
  const window = [{ offset: 0, length: 2, agg: 'sum' as const }];

  it("multiplies each past error by today's movement over its origin's", () => {
    // swings of 1 then of 2; origins 10, 7, 4 (9 positions from 2 to 10, step 3); window sums 2, 2, 1
    const y = [0, 1, 0, 1, 0, 1, 0, 2, 0, 2, 0, 2];

    const absolute = windowErrors(y, 2, window, zero, 1, limits, false);
    const scaled = windowErrors(y, 2, window, zero, 1, { ...limits, scale: 'recent-change' }, false);

    expect(absolute).toEqual([[2, 2, 1]]);
    // today's movement (steps 10, 11) is 2; before origin 10 (steps 8, 9) 2, before 7 and 4 1: factors 1, 2, 2
    expect(scaled).toEqual([[2, 4, 2]]);
  });

  it('keeps the errors as they were when a stretch before an origin did not move (no scale there)', () => {
    const y = [3, 3, 3, 3, 3, 3, 0, 2, 0, 2, 0, 2];

    expect(windowErrors(y, 2, window, zero, 1, { ...limits, scale: 'recent-change' }, false)).toEqual(
      windowErrors(y, 2, window, zero, 1, limits, false),
    );
  });
});
