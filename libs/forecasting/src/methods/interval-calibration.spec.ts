import { ForecastInput, Forecaster } from '../core/forecast.types';
import { normalQuantile } from '../core/intervals';
import { seededNormal } from '../period-end/seeded-random';
import { calibrateOnValidation, validationScores, validationScoresByWindow } from './interval-calibration';

/** Forecasts the last value flat with a fixed sigma and records the inputs it saw. */
function lastValue(sigma: number, seen: number[][] = []): Forecaster {
  return {
    name: 'last',
    forecast: ({ y, h }: ForecastInput) => {
      seen.push([...y]);
      return {
        method: 'last',
        mean: new Array<number>(h).fill(y[y.length - 1]),
        lower: {},
        upper: {},
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

describe(validationScores.name, () => {
  it('scores |y − f| / sigma on the last h points, then on earlier windows', () => {
    const seen: number[][] = [];
    const sut = validationScores(lastValue(2, seen), [[0, 0, 0, 0, 1, 3, 5, 9]], { h: 2, m: 1, windows: 2, minFit: 1 });
    expect(seen).toEqual([
      [0, 0, 0, 0, 1, 3],
      [0, 0, 0, 0],
    ]);
    expect(sut).toEqual([1, 3, 0.5, 1.5]);
  });

  it('keeps the windows apart when asked', () => {
    const sut = validationScoresByWindow(
      lastValue(2),
      [
        [0, 0, 0, 0, 1, 3, 5, 9],
        [0, 0, 0, 2],
      ],
      { h: 2, m: 1, windows: 2, minFit: 1 },
    );
    expect(sut).toEqual([
      [1, 3, 0, 1],
      [0.5, 1.5],
    ]);
  });

  it.each([
    { why: 'skips origins with fewer points than minFit', y: [1, 2, 3, 4, 5], minFit: 5, expected: [] as number[] },
    { why: 'scores an exact zero-sigma forecast 0', y: [1, 1, 1, 1], minFit: 2, expected: [0] },
    { why: 'scores a missed zero-sigma forecast Infinity', y: [1, 1, 1, 2], minFit: 2, expected: [Infinity] },
  ])('$why', ({ y, minFit, expected }) => {
    expect(validationScores(lastValue(0), [y], { h: 1, m: 1, minFit })).toEqual(expected);
  });
});

describe(calibrateOnValidation.name, () => {
  // h-step errors of a flat forecast on a random walk have sd scale·√h; the forecaster claims sigma = 1
  const series = Array.from({ length: 300 }, (_, i) => randomWalk(40, 0.6, i + 1));

  it('recovers the width factor of a forecaster whose sigma is too wide', () => {
    const sut = calibrateOnValidation(lastValue(1), series, { h: 1, m: 1, windows: 3, multiplier: normalQuantile });
    expect(sut.scores).toBe(900);
    expect(sut.coverage[80]).toBeGreaterThan(95);
    expect(sut.factors[80]).toBeCloseTo(0.6, 1);
    expect(sut.factors[95]).toBeCloseTo(0.6, 1);
    expect(sut.windowCoverage).toHaveLength(3);
    expect(sut.windowCoverage[0][80]).toBeGreaterThan(95);
  });

  it('leaves a calibrated forecaster alone', () => {
    const sut = calibrateOnValidation(lastValue(0.6), series, { h: 1, m: 1, windows: 3, multiplier: normalQuantile });
    expect(sut.factors).toEqual({});
  });
});
