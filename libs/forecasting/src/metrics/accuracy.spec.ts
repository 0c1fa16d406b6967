import { coverage, mase, maseScale, owa, smape } from './accuracy';

describe('accuracy measures', () => {
  it.each([
    { actual: [100, 100], forecast: [100, 100], expected: 0 },
    { actual: [100], forecast: [50], expected: (200 * 50) / 150 },
    { actual: [0, 10], forecast: [0, 30], expected: (0 + (200 * 20) / 40) / 2 },
  ])('smape($actual, $forecast) = $expected', ({ actual, forecast, expected }) => {
    expect(smape(actual, forecast)).toBeCloseTo(expected, 12);
  });

  it('scales MASE by the in-sample seasonal naive error at lag m', () => {
    const insample = [1, 2, 3, 5, 6, 7];
    expect(maseScale(insample, 3)).toBeCloseTo(4, 12); // |5-1|,|6-2|,|7-3|
    expect(maseScale(insample, 1)).toBeCloseTo(6 / 5, 12);
    expect(mase(insample, [10, 10], [8, 12], 3)).toBeCloseTo(2 / 4, 12);
  });

  it('computes OWA relative to Naive2 and interval coverage', () => {
    expect(owa(10, 1, 20, 4)).toBeCloseTo(0.5 * (0.5 + 0.25), 12);
    expect(coverage([1, 5, 9], [0, 6, 9], [2, 7, 9])).toBeCloseTo(2 / 3, 12);
  });
});
