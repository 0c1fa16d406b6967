import { ForecastInput, Forecaster } from '../core/forecast.types';
import { forecastBatch } from '../core/batch-forecast';
import { normalQuantile } from '../core/intervals';
import { seededNormal } from '../period-end/seeded-random';
import { forecastEach } from '../core/batch-forecast';
import {
  ValidationForecast,
  calibrateOnValidation,
  forecastScales,
  scoresByStep,
  validationForecasts,
  windowHoldOutCoverage,
} from './interval-calibration';

/** Forecasts the last value flat with a fixed sigma and records the inputs it saw. */
function lastValue(sigma: number, seen: number[][] = []): Forecaster {
  return {
    name: 'last',
    forecast: ({ y, h, levels }: ForecastInput) => {
      seen.push([...y]);
      const mean = new Array<number>(h).fill(y[y.length - 1]);
      const z = (level: number): number => normalQuantile(level);
      return {
        method: 'last',
        mean,
        lower: Object.fromEntries((levels ?? []).map((l) => [l, mean.map((f) => f - z(l) * sigma)])),
        upper: Object.fromEntries((levels ?? []).map((l) => [l, mean.map((f) => f + z(l) * sigma)])),
        sigma: new Array<number>(h).fill(sigma),
      };
    },
  };
}

/** Random walk whose steps are scale · N(0, 1). */
function randomWalk(n: number, scale: number, seed: number): number[] {
  const z = seededNormal(seed);
  const y = [100];
  while (y.length < n) y.push(y[y.length - 1] + scale * z());
  return y;
}

describe(validationForecasts.name, () => {
  it('forecasts the last h points of every series longer than h from the points before them', () => {
    const seen: number[][] = [];
    const sut = validationForecasts(
      lastValue(2, seen),
      [
        [0, 0, 0, 0, 1, 3, 5, 9],
        [4, 5],
        [0, 0, 0, 2],
      ],
      {
        h: 2,
        m: 1,
      },
    );
    expect(seen).toEqual([
      [0, 0, 0, 0, 1, 3],
      [0, 0],
    ]);
    expect(sut).toEqual([
      { index: 0, back: 0, train: [0, 0, 0, 0, 1, 3], actual: [5, 9], mean: [3, 3], sigma: [2, 2] },
      { index: 2, back: 0, train: [0, 0], actual: [0, 2], mean: [0, 0], sigma: [2, 2] },
    ]);
  });
});

describe(`${validationForecasts.name} with earlier windows`, () => {
  const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

  it('steps back h at a time while max(2m, h) points precede the origin, at most `windows` times', () => {
    const seen: number[][] = [];
    // h = 3, m = 1: train = y[0..8); origins 8, 5 (then 2 < 3: stop)
    const sut = validationForecasts(lastValue(1, seen), [y], { h: 3, m: 1, windows: 3 });
    expect(sut.map((v) => [v.back, v.train.length, v.actual, v.mean])).toEqual([
      [0, 8, [9, 10, 11], [8, 8, 8]],
      [1, 5, [6, 7, 8], [5, 5, 5]],
    ]);
    // a method without forecastFromOrigins is refitted on each leading part
    expect(seen).toEqual([y.slice(0, 8), y.slice(0, 5)]);
    // m = 2 needs 4 points before an origin, h = 2: origins 9, 7, 5 (windows = 3 stops there)
    const seasonal = validationForecasts(lastValue(1), [y], { h: 2, m: 2, windows: 3 });
    expect(seasonal.map((v) => v.train.length)).toEqual([9, 7, 5]);
  });

  it("uses a method's own forecastFromOrigins: one fit at the oldest origin, run from each origin", () => {
    const calls: number[][] = [];
    const fromOrigins: Forecaster = {
      ...lastValue(1),
      forecastFromOrigins: (input, origins, fitOn) => {
        calls.push([...origins, fitOn ?? -1]);
        return origins.map((o) => ({ mean: new Array<number>(input.h).fill(-o), sigma: [1, 1, 1] }));
      },
    };
    const sut = validationForecasts(fromOrigins, [y], { h: 3, m: 1, windows: 3 });
    expect(calls).toEqual([[8, 5, 5]]);
    expect(sut.map((v) => v.mean[0])).toEqual([-8, -5]);
  });
});

describe(forecastScales.name, () => {
  it("carries the final sigma back to an earlier window by the model's sigma ratio between the windows", () => {
    const window = (back: number, sigma: number[]) => ({ index: 0, back, train: [], actual: [], mean: [0, 0], sigma });
    // the validation fit's sigma: [2, 4] on the last window, [1, 4] one window back (the level was half, at step 1)
    const validations = [window(0, [2, 4]), window(1, [1, 4])];
    const forecasts = [{ method: 'x', mean: [0, 0], lower: {}, upper: {}, sigma: [6, 8] }];
    // last window: the final sigma [6, 8]; one back: [6 · 1 / 2, 8 · 4 / 4]
    expect(forecastScales(validations, forecasts)).toEqual([
      [6, 8],
      [3, 8],
    ]);
  });
});

describe(scoresByStep.name, () => {
  const validations = validationForecasts(
    lastValue(2),
    [
      [0, 0, 0, 0, 1, 3, 5, 9],
      [0, 0, 0, 2],
    ],
    { h: 2, m: 1 },
  );

  it('scores |y − f| / sigma per step', () => {
    // series 1: |5 − 3| / 2, |9 − 3| / 2; series 2: |0 − 0| / 2, |2 − 0| / 2
    expect(scoresByStep(validations, 2)).toEqual([
      [1, 0],
      [3, 1],
    ]);
  });

  it('scores f · |ln(y / f)| / sigma on the log scale', () => {
    // series 1 (the only positive one): 3 · ln(5 / 3) / 2 = 0.7662384, 3 · ln(9 / 3) / 2 = 1.6479184
    const [step1, step2] = scoresByStep(validations.slice(0, 1), 2, undefined, undefined, 'log');

    expect(step1[0]).toBeCloseTo(0.7662384, 6);
    expect(step2[0]).toBeCloseTo(1.6479184, 6);
  });

  it('scores other points in place of the method, e.g. a blend', () => {
    expect(
      scoresByStep(validations, 2, [
        [5, 5],
        [1, 1],
      ]),
    ).toEqual([
      [0, 0.5],
      [2, 0.5],
    ]);
  });

  it("scores in units of the batch forecast's sigma when given", () => {
    // the full-series forecasts claim sigma 4 (series 1) and 1 (series 2)
    const forecasts = [lastValue(4), lastValue(1)].map((f, i) => f.forecast({ y: [i], h: 2, m: 1 }));
    const scales = forecastScales(validations, forecasts);
    expect(scales).toEqual([
      [4, 4],
      [1, 1],
    ]);
    expect(forecastScales(validations, [{ ...forecasts[0], sigma: undefined }, forecasts[1]])[0]).toEqual([0, 0]);
    // series 1: |5 − 3| / 4, |9 − 3| / 4; series 2: |0 − 0| / 1, |2 − 0| / 1
    expect(scoresByStep(validations, 2, undefined, scales)).toEqual([
      [0.5, 0],
      [1.5, 2],
    ]);
  });

  it.each([
    { why: 'an exact zero-sigma forecast scores 0', y: [1, 1, 1, 1], expected: [[0]] },
    { why: 'a missed zero-sigma forecast scores Infinity', y: [1, 1, 1, 2], expected: [[Infinity]] },
  ])('$why', ({ y, expected }) => {
    expect(scoresByStep(validationForecasts(lastValue(0), [y], { h: 1, m: 1 }), 1)).toEqual(expected);
  });
});

describe(calibrateOnValidation.name, () => {
  it('recovers the width of a forecaster whose sigma is wrong', () => {
    // one-step errors of a flat forecast on a random walk are 0.6 · N(0, 1); the forecaster claims sigma = 1,
    // so the multipliers should be 0.6 · 1.2816 = 0.769 at 80 % and 0.6 · 1.9600 = 1.176 at 95 %
    const series = Array.from({ length: 2000 }, (_, i) => randomWalk(20, 0.6, i + 1));
    const forecasts = forecastEach(lastValue(1), series, { h: 1, m: 1 });
    const sut = calibrateOnValidation(lastValue(1), series, forecasts, { h: 1, m: 1, levels: [80, 95] });
    expect(sut.scope).toBe('step');
    // three windows per series: origins 19, 18 and 17, each with at least max(2m, h) = 2 points before it
    expect(sut.scores).toBe(6000);
    expect(sut.k[0][80]).toBeCloseTo(0.769, 1);
    expect(sut.k[0][95]).toBeCloseTo(1.176, 1);
  });
});

describe(forecastBatch.name, () => {
  // 60 series [0, 0, 0, i]: the validation forecast from [0, 0, 0] is 0 with sigma 2, so those scores are
  // i / 2 = 0.5, 1, …, 30; the window before it (origin 2, the last with max(2m, h) = 2 points before it)
  // forecasts 0 from [0, 0] and meets 0: 60 scores of 0. Of the 120, the 80 % quantile is the
  // ⌈121 · 0.8⌉ = 97th smallest: the 37th of the i / 2, 18.5
  const series = Array.from({ length: 60 }, (_, i) => [0, 0, 0, i + 1]);

  it("draws the intervals from the batch's own validation errors", () => {
    const sut = forecastBatch(lastValue(2), series, { h: 1, m: 1, levels: [80] });
    // series 1 forecast from [0, 0, 0, 1]: 1 ± 18.5 · 2
    expect(sut[0].mean).toEqual([1]);
    expect(sut[0].lower[80]).toEqual([-36]);
    expect(sut[0].upper[80]).toEqual([38]);
  });

  it("keeps the method's own widths when asked", () => {
    const sut = forecastBatch(lastValue(2), series, { h: 1, m: 1, levels: [80], intervals: 'model' });
    expect(sut[0].upper[80][0]).toBeCloseTo(1 + 2 * 1.281552, 5);
  });
});

describe(windowHoldOutCoverage.name, () => {
  // h = 1, forecasts 0, scale 1, so each score is the actual value; 25 series per window
  const window = (back: number, score: (i: number) => number, series = 25): ValidationForecast[] =>
    Array.from({ length: series }, (_, i) => ({
      index: i,
      back,
      train: [],
      actual: [score(i)],
      mean: [0],
      sigma: [1],
    }));
  const ones = (v: readonly ValidationForecast[]): number[][] => v.map(() => [1]);

  it("checks each window against the widths from the other windows' scores", () => {
    // windows 0 and 1 score 1..25, window 2 scores 101..125.
    // Without window 2: 50 scores 1, 1, 2, 2, …, 25, 25; the 80 % quantile is the ⌈51 · 0.8⌉ = 41st smallest, 21:
    // no score of window 2 is within it. Without window 0 (or 1): 1..25 and 101..125, the 41st smallest is 116:
    // all of window 0 (or 1) is within it.
    const validations = [...window(0, (i) => i + 1), ...window(1, (i) => i + 1), ...window(2, (i) => 101 + i)];
    expect(windowHoldOutCoverage(validations, ones(validations), { h: 1, levels: [80] })).toEqual([
      { back: 0, coverage: { 80: 1 } },
      { back: 1, coverage: { 80: 1 } },
      { back: 2, coverage: { 80: 0 } },
    ]);
  });

  it('counts a point within k · scale of the forecast, in the scale given', () => {
    // windows 1 and 2 score 1..25 each (k = 21 as above); window 0 has actual values 1..25 with scale 0.5,
    // so |y − f| ≤ 21 · 0.5 = 10.5 holds for 1..10: 10 of 25
    const validations = [...window(0, (i) => i + 1), ...window(1, (i) => i + 1), ...window(2, (i) => i + 1)];
    const scales = validations.map((v) => [v.back === 0 ? 0.5 : 1]);
    expect(windowHoldOutCoverage(validations, scales, { h: 1, levels: [80] })[0]).toEqual({
      back: 0,
      coverage: { 80: 0.4 },
    });
  });

  it('scores and checks every window on the log scale when all values and forecasts are positive', () => {
    // forecasts 10, scale 1. Windows 1 and 2: actual 10 · e^(j / 10), j = 1..25, log score 10 · ln(e^(j / 10)) = j,
    // so k = 21 as above. Window 0: actual 10 / (1 + j), within the log width when 10 · ln(1 + j) <= 21, i.e.
    // 1 + j <= e^2.1 = 8.17, j <= 7: 7 of 25. (On the absolute scale k is the 21st, 10 · (e^2.1 - 1) = 71.7,
    // and every |10 / (1 + j) - 10| < 10 is within it.)
    const at = (back: number, actual: (j: number) => number): ValidationForecast[] =>
      window(back, (i) => actual(i + 1)).map((v) => ({ ...v, mean: [10] }));
    const validations = [
      ...at(0, (j) => 10 / (1 + j)),
      ...at(1, (j) => 10 * Math.exp(j / 10)),
      ...at(2, (j) => 10 * Math.exp(j / 10)),
    ];

    const sut = windowHoldOutCoverage(validations, ones(validations), { h: 1, levels: [80] });

    expect(sut[0]).toEqual({ back: 0, coverage: { 80: 0.28 } });
  });

  it('gives no coverage where the other windows have too few scores for the level', () => {
    // 2 · 20 = 40 scores, fewer than the 50 an 80 % quantile needs
    const validations = [...window(0, (i) => i, 20), ...window(1, (i) => i, 20), ...window(2, (i) => i, 20)];
    expect(windowHoldOutCoverage(validations, ones(validations), { h: 1, levels: [80] })[0]).toEqual({
      back: 0,
      coverage: {},
    });
  });
});
