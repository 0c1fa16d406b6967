import { driftForecaster, naiveForecaster, seasonalNaiveForecaster } from './naive.forecaster';
import { QUARTER_PATTERN, SeriesBuilder } from './test-support/series.builder';

describe('naive family', () => {
  it.each([
    { sut: naiveForecaster, y: [3, 1, 4, 1, 5], m: 1, expected: [5, 5, 5] },
    { sut: seasonalNaiveForecaster, y: [1, 2, 3, 4, 5, 6, 7, 8], m: 4, expected: [5, 6, 7, 8, 5, 6] },
    { sut: seasonalNaiveForecaster, y: [1, 2], m: 4, expected: [2, 2] },
    { sut: driftForecaster, y: SeriesBuilder.linear(10, 2, 0.5), m: 1, expected: [7, 7.5, 8] },
  ])('$sut.name forecasts $expected', ({ sut, y, m, expected }) => {
    const r = sut.forecast({ y, h: expected.length, m });
    r.mean.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it('widens seasonal-naive intervals once per season', () => {
    const y = SeriesBuilder.seasonal(16, 100, QUARTER_PATTERN).map((v, t) => v + (t % 3));
    const sut = seasonalNaiveForecaster.forecast({ y, h: 8, m: 4 });
    expect(sut.sigma?.[0]).toBeCloseTo(sut.sigma?.[3] ?? NaN, 12);
    expect(sut.sigma?.[4]).toBeCloseTo((sut.sigma?.[0] ?? NaN) * Math.SQRT2, 12);
  });
});
