import type { Forecaster } from '../core/forecast.types';
import { mapFitStore } from '../core/fit-store';
import { fitWithStructureHint, seriesStructures } from '../core/structure-hints';
import { getForecaster } from '../methods/forecast-methods';
import { backtest, chooseMethod } from './rolling-origin-backtest';

const linear = Array.from({ length: 60 }, (_, i) => 10 + 2 * i);
const weekly = Array.from({ length: 84 }, (_, i) => 100 + [0, 5, 10, 15, 10, 5, -20][i % 7]);

describe(backtest.name, () => {
  it('scores a method that fits the series exactly with zero error', () => {
    const sut = backtest(linear, getForecaster('drift'), { h: 7, m: 1, origins: 4 });
    expect(sut).toMatchObject({ method: 'drift', origins: 4 });
    expect(sut!.smape).toBeCloseTo(0, 9);
    expect(sut!.mase).toBeCloseTo(0, 9);
  });

  it('scores a flat forecast of a trend with the expected error', () => {
    // Naive from origin o forecasts y[o-1]; errors over h = 2 are 2 and 4, MAE 3, in-sample scale 2.
    const sut = backtest(linear, getForecaster('naive'), { h: 2, m: 1, origins: 1 });
    expect(sut!.mase).toBeCloseTo(1.5, 9);
  });

  it('puts the origins on a grid of the step when asked: the newest at or before length - h', () => {
    // naive on 10 + 2t misses by 2, 4 (MASE 1.5) from any origin, so the origins are read from the training parts
    const seen: number[] = [];
    const naive = getForecaster('naive');
    const spy: Forecaster = { name: 'naive', forecast: (input) => (seen.push(input.y.length), naive.forecast(input)) };

    // 60 values, h 2, step 3: counted back 58, 55, 52; grid 1 (the first value is number 1): p + 1 ≡ 0 mod 3
    backtest(linear, spy, { h: 2, m: 1, origins: 3, step: 3 });
    backtest(linear, spy, { h: 2, m: 1, origins: 3, step: 3, grid: 1 });
    backtest(linear.slice(0, 59), spy, { h: 2, m: 1, origins: 3, step: 3, grid: 1 });

    expect(seen).toEqual([58, 55, 52, 56, 53, 50, 56, 53, 50]);
  });

  it("with spanStructures, searches a method's structure once, at the oldest origin, for all of them", () => {
    // a method whose structure is the length it was searched on, forecasting naively: tells searches from fits
    const calls: string[] = [];
    const naive = getForecaster('naive');
    const method: Forecaster = {
      name: 'searched',
      forecast: (input) => {
        const n = input.y.length;
        fitWithStructureHint(
          input.structures,
          'searched',
          input.y,
          () => (calls.push(`search ${n}`), n),
          (s) => s,
          (s) => (calls.push(`fit ${s} on ${n}`), s),
        );
        return naive.forecast(input);
      },
    };
    const plan = { h: 14, m: 1, origins: 3, step: 7 };

    // 100 values: origins 86, 79 and 72, 7 apart; a structure serves at most 6 more values by itself
    backtest(linear.concat(linear).slice(0, 100), method, {
      ...plan,
      structures: seriesStructures(mapFitStore(), linear),
    });
    expect(calls.splice(0)).toEqual(['search 86', 'search 79', 'search 72']);
    const structures = seriesStructures(mapFitStore(), linear);
    backtest(linear.concat(linear).slice(0, 100), method, { ...plan, structures, spanStructures: true });
    expect(calls.splice(0)).toEqual(['search 72', 'fit 72 on 79', 'fit 72 on 86']);
    // what is kept for later runs is the search's own reselection, not the backtest's span
    const kept = structures.model('searched') as Array<{ length: number; until: number }>;
    expect(kept).toHaveLength(1);
    expect(kept[0].length).toBe(72);
    expect(kept[0].until).toBeLessThanOrEqual(79);
  });

  it('uses fewer origins on a short series and none below the minimum training length', () => {
    expect(backtest(linear.slice(0, 12), getForecaster('naive'), { h: 3, m: 1, origins: 10 })!.origins).toBeLessThan(
      10,
    );
    expect(backtest(linear.slice(0, 9), getForecaster('naive'), { h: 3, m: 1 })).toBeNull();
  });
});

describe(chooseMethod.name, () => {
  it('keeps the default unless another method is clearly better', () => {
    const snaive = getForecaster('snaive');
    const naive = getForecaster('naive');

    expect(chooseMethod(weekly, [snaive, naive], { h: 7, m: 7 }).chosen.name).toBe('snaive');
    expect(chooseMethod(weekly, [naive, snaive], { h: 7, m: 7 }).chosen.name).toBe('snaive');
  });

  it('keeps the default when the challenger is only marginally better', () => {
    const wobble = (name: string, offset: number): Forecaster => ({
      name,
      forecast: ({ y, h }) => {
        const mean = Array.from({ length: h }, () => y[y.length - 1] + offset);
        return { method: name, mean, lower: {}, upper: {} };
      },
    });
    const series = Array.from({ length: 40 }, (_, i) => 100 + (i % 2));
    expect(chooseMethod(series, [wobble('default', 0.52), wobble('challenger', 0.5)], { h: 4, m: 1 }).chosen.name).toBe(
      'default',
    );
  });

  it('keeps the default when both fit exactly and differ by round-off only', () => {
    // the truth continued (10 + 2t) against the same plus 1e-13: MASE 1e-13 / 2 = 5e-14 against exactly 0,
    // "better" by any ratio, but both are exact fits; a real miss of 1e-3 (MASE 5e-4) is still chosen against
    const off = (name: string, by: number): Forecaster => ({
      name,
      forecast: ({ y, h }) => {
        const mean = Array.from({ length: h }, (_, i) => 10 + 2 * (y.length + i) + by);
        return { method: name, mean, lower: {}, upper: {} };
      },
    });
    const plan = { h: 4, m: 1 };

    expect(chooseMethod(linear, [off('default', 1e-13), off('exact', 0)], plan).chosen.name).toBe('default');
    expect(chooseMethod(linear, [off('default', 1e-3), off('exact', 0)], plan).chosen.name).toBe('exact');
  });
});
