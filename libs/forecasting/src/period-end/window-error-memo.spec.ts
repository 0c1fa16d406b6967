import type { Forecaster } from '../core/forecast.types';
import { getForecaster } from '../methods/forecast-methods';
import { projectPeriodEnds } from './period-end-projection';
import type { PeriodEndInput } from './period-end.types';
import { seededNormal } from './seeded-random';
import { windowErrorsKey } from './window-error-memo';

/** Naive (last value carried on), counting the forecasts it makes. */
function countingNaive(): Forecaster & { calls: number } {
  const f = {
    name: 'naive-counted',
    calls: 0,
    forecast: ({ y, h }: { y: readonly number[]; h: number }) => {
      f.calls++;
      const mean = Array.from({ length: h }, () => y[y.length - 1]);
      return { method: 'naive', mean, lower: { 80: mean, 95: mean }, upper: { 80: mean, 95: mean } };
    },
  };
  return f;
}

/** 0, 1, ..., n-1. */
const line = (n: number) => Array.from({ length: n }, (_, i) => i);
const input = (over: Partial<PeriodEndInput>): Omit<PeriodEndInput, 'remaining'> => ({
  history: line(24),
  elapsed: [],
  aggregation: 'sum',
  m: 1,
  maxOrigins: 20,
  ...over,
});

describe('past-origin errors kept in a memo', () => {
  it('stores the errors it computed: naive on 0..23, one step ahead, misses by exactly 1 from every origin', () => {
    const naive = countingNaive();
    const memo = new Map<string, number[][]>();
    projectPeriodEnds(input({ forecaster: naive, errorMemo: memo }), [{ offset: 0, remaining: 1 }]);
    // h = 1: the last origin is 24 - 1 = 23, the first one 8 (the shortest training part): 23 - 8 + 1 = 16 origins,
    // step max(1, floor(16 / 20)) = 1. From origin o naive says y[o - 1] = o - 1 where o came: an error of 1.
    expect([...memo.values()]).toEqual([[Array<number>(16).fill(1)]]);
    expect(naive.calls).toBe(1 + 16); // today's forecast and one per origin
  });

  it('uses the errors of the memo instead of forecasting from the origins again', () => {
    const naive = countingNaive();
    const series = line(24);
    const h = 1;
    const spans = [{ offset: 0, length: 1, agg: 'sum' as const }];
    // as projectPeriodEnds takes them: one fit per doubling (naive refits at each origin all the same)
    const limits = { max: 20, min: 16, minTrain: 8, fits: 'doubling' as const };
    const key = windowErrorsKey({ series, h, spans, forecaster: naive, m: 1, limits, floor: false });
    // errors of 0 .. 15 in the memo: the projection is naive's 23 plus these errors less their median (7.5)
    const memo = new Map([[key, [line(16)]]]);
    const [p] = projectPeriodEnds(input({ forecaster: naive, errorMemo: memo }), [{ offset: 0, remaining: h }]);
    expect(naive.calls).toBe(1); // today's forecast only
    expect(p!.expected).toBe(23);
    // outcomes 23 + e - 7.5 = 15.5 .. 30.5, absolute errors 0.5, 0.5, 1.5, 1.5, ..., 7.5, 7.5; at 80 % the
    // ceil(17 * 0.8) = 14th of them, 6.5: 23 +- 6.5
    expect(p!.lower80).toBeCloseTo(16.5, 12);
    expect(p!.upper80).toBeCloseTo(29.5, 12);
  });

  it('gives exactly what a run without the memo gives, for the current and later periods of a noisy series', () => {
    const z = seededNormal(3);
    const history = Array.from({ length: 200 }, (_, d) => 100 + 10 * Math.sin((2 * Math.PI * d) / 7) + 5 * z());
    const windows = [
      { offset: 0, remaining: 12, target: { direction: 'higher_is_better' as const, value: 1_300 } },
      { offset: 12, remaining: 30 },
      { offset: 42, remaining: 31 },
    ];
    const run = (errorMemo?: Map<string, number[][]>) =>
      projectPeriodEnds(
        input({ history: history.slice(0, 190), elapsed: history.slice(190), m: 7, errorMemo, nonNegative: true }),
        windows,
      );
    const fresh = run();
    const memo = new Map<string, number[][]>();
    expect(run(memo)).toEqual(fresh);
    expect(run(memo)).toEqual(fresh);
    expect(memo.size).toBe(1); // one set of origins for the three periods
  });

  it('misses the memo when the series has a new day, or one of its days was corrected', () => {
    const naive = countingNaive();
    const memo = new Map<string, number[][]>();
    const project = (history: number[]) =>
      projectPeriodEnds(input({ history, forecaster: naive, errorMemo: memo }), [{ offset: 0, remaining: 1 }]);
    project(line(24));
    naive.calls = 0;
    project(line(24));
    expect(naive.calls).toBe(1);
    project(line(25));
    expect(naive.calls).toBe(1 + 1 + 17); // 25 - 1 - 8 + 1 = 17 origins
    const corrected = line(24);
    corrected[3] = 3.000000001;
    naive.calls = 0;
    project(corrected);
    expect(naive.calls).toBe(1 + 16);
    expect(memo.size).toBe(3);
  });

  it('counts its past origins back from the last day: a day later, one day fewer to go, every origin has moved', () => {
    const lengths: number[] = [];
    const naive = countingNaive();
    const recording: Forecaster = {
      name: naive.name,
      forecast: (input) => {
        lengths.push(input.y.length);
        return naive.forecast(input);
      },
    };
    const memo = new Map<string, number[][]>();
    const project = (days: number, remaining: number) => {
      lengths.length = 0;
      projectPeriodEnds(input({ history: line(days), forecaster: recording, errorMemo: memo, maxOrigins: 4 }), [
        { offset: 0, remaining },
      ]);
      return [...lengths];
    };
    // 40 days, 4 to go: last origin 40 - 4 = 36, 36 - 8 + 1 = 29 origins possible, step floor(29 / 4) = 7, so the
    // forecasts start from 36, 29, 22 and 15 days (after today's, from all 40)
    expect(project(40, 4)).toEqual([40, 36, 29, 22, 15]);
    // a day later, 3 to go: last origin 41 - 3 = 38, 31 possible, step 7: 38, 31, 24, 17. No origin of the day
    // before comes back, so its errors cannot serve: the first cycle of a day forecasts from every origin again
    expect(project(41, 3)).toEqual([41, 38, 31, 24, 17]);
    expect(memo.size).toBe(2);
  });

  it('tells forecasters, horizons, floors, windows and origin fits apart', () => {
    const base = {
      series: line(24),
      h: 1,
      spans: [{ offset: 0, length: 1, agg: 'sum' as const }],
      forecaster: getForecaster('naive'),
      m: 1,
      limits: { max: 20, min: 16, minTrain: 8 },
      floor: false,
    };
    const keys = new Set([
      windowErrorsKey(base),
      windowErrorsKey({ ...base, forecaster: getForecaster('ses') }),
      windowErrorsKey({ ...base, h: 2 }),
      windowErrorsKey({ ...base, floor: true }),
      windowErrorsKey({ ...base, spans: [{ offset: 0, length: 1, agg: 'last' }] }),
      windowErrorsKey({ ...base, limits: { ...base.limits, fits: 'doubling' } }),
    ]);
    expect(keys.size).toBe(6);
  });
});
