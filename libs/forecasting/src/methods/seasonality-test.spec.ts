import { additiveSeasonalIndices, multiplicativeSeasonalIndices } from './decomposition';
import { acf, seasonalityTest } from './seasonality-test';
import { QUARTER_PATTERN, SeriesBuilder } from './test-support/series.builder';

describe(seasonalityTest.name, () => {
  it.each([
    { name: 'a clear quarterly pattern', y: SeriesBuilder.seasonal(24, 100, QUARTER_PATTERN), m: 4, seasonal: true },
    { name: 'noise', y: SeriesBuilder.noise(40, 1).map((v) => 50 + v), m: 4, seasonal: false },
    { name: 'fewer than 3m points', y: SeriesBuilder.seasonal(11, 100, QUARTER_PATTERN), m: 4, seasonal: false },
    { name: 'm = 1', y: SeriesBuilder.seasonal(24, 100, QUARTER_PATTERN), m: 1, seasonal: false },
  ])('says seasonal=$seasonal for $name', ({ y, m, seasonal }) => {
    expect(seasonalityTest(y, m).seasonal).toBe(seasonal);
  });

  it('computes the limit from the lower-lag autocorrelations', () => {
    const y = SeriesBuilder.seasonal(24, 100, QUARTER_PATTERN);
    const r = acf(y, 4);
    const sut = seasonalityTest(y, 4);
    expect(sut.acfM).toBeCloseTo(r[3], 12);
    expect(sut.limit).toBeCloseTo((1.645 / Math.sqrt(24)) * Math.sqrt(1 + 2 * (r[0] ** 2 + r[1] ** 2 + r[2] ** 2)), 12);
  });
});

describe('classical decomposition', () => {
  it('recovers multiplicative indices of a pattern on a trend', () => {
    const y = SeriesBuilder.linear(40, 100, 2).map((v, t) => v * QUARTER_PATTERN[t % 4]);
    const sut = multiplicativeSeasonalIndices(y, 4);
    const mean = QUARTER_PATTERN.reduce((a, b) => a + b, 0) / 4;
    sut.forEach((s, i) => expect(s).toBeCloseTo(QUARTER_PATTERN[i] / mean, 2));
    expect(sut.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 12);
  });

  it('recovers additive indices exactly on a linear trend', () => {
    const pattern = [-3, 1, 4, -2];
    const y = SeriesBuilder.linear(40, 10, 0.5).map((v, t) => v + pattern[t % 4]);
    additiveSeasonalIndices(y, 4).forEach((s, i) => expect(s).toBeCloseTo(pattern[i], 10));
  });
});
