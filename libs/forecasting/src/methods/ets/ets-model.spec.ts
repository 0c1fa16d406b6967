import { QUARTER_PATTERN, SeriesBuilder } from '../test-support/series.builder';
import { etsSpec as spec } from '../test-support/ets-spec';
import { autoEts, candidateSpecs } from './auto-ets';
import { etsAtOrigin, fitEts, forecastEts } from './ets-model';
import { EtsFit } from './ets.types';

describe(fitEts.name, () => {
  it.each(['A,N,N', 'M,N,N'])('ETS(%s) forecasts a constant series flat', (s) => {
    const fit = fitEts(
      SeriesBuilder.constant(30, 42).map((v, t) => v + (t % 2 ? 1e-6 : -1e-6)),
      spec(s),
      1,
    );
    const sut = forecastEts(fit!, 5);
    sut.mean.forEach((v) => expect(v).toBeCloseTo(42, 4));
  });

  it.each(['A,A,N', 'M,A,N'])('ETS(%s) (Holt) extends a linear series exactly', (s) => {
    const y = SeriesBuilder.linear(30, 10, 2);
    const sut = forecastEts(fitEts(y, spec(s), 1)!, 4);
    sut.mean.forEach((v, i) => expect(v).toBeCloseTo(10 + 2 * (30 + i), 3));
  });

  it.each([
    ['A,N,A', 'add'],
    ['M,N,M', 'mul'],
    ['A,A,A', 'add'],
  ] as const)('ETS(%s) (Holt-Winters) repeats a pure seasonal pattern', (s, kind) => {
    const pattern = kind === 'add' ? [-20, 10, 30, -20] : QUARTER_PATTERN;
    const y = SeriesBuilder.seasonal(40, 100, pattern, kind);
    const sut = forecastEts(fitEts(y, spec(s), 4)!, 8);
    sut.mean.forEach((v, i) => expect(v).toBeCloseTo(y[(40 + i) % 4], 2));
  });

  it('gives sigma growing with the horizon for a trended model', () => {
    const y = SeriesBuilder.linear(60, 50, 1).map((v, t) => v + SeriesBuilder.noise(60, 2)[t]);
    const sut = forecastEts(fitEts(y, spec('A,A,N'), 1)!, 6);
    for (let i = 1; i < 6; i++) expect(sut.sigma[i]).toBeGreaterThan(sut.sigma[i - 1]);
  });

  it('refuses multiplicative errors on a series with zeros', () => {
    expect(fitEts([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], spec('M,N,N'), 1)).toBeUndefined();
  });
});

describe(autoEts.name, () => {
  it('excludes multiplicative parts with non-positive data and additive error with multiplicative season', () => {
    const positive = candidateSpecs(SeriesBuilder.seasonal(40, 100, QUARTER_PATTERN), 4);
    const withZero = candidateSpecs([0, ...SeriesBuilder.seasonal(39, 100, QUARTER_PATTERN)], 4);
    expect(positive).toHaveLength(15);
    expect(positive.some((s) => s.error === 'A' && s.season === 'M')).toBe(false);
    expect(withZero.every((s) => s.error === 'A' && s.season !== 'M')).toBe(true);
  });

  it('chooses a seasonal model for noisy seasonal data', () => {
    const noise = SeriesBuilder.noise(48, 1.5);
    const y = SeriesBuilder.seasonal(48, 100, QUARTER_PATTERN).map((v, t) => v + noise[t]);
    expect(autoEts(y, 4)?.spec.season).not.toBe('N');
  });
});

describe(etsAtOrigin.name, () => {
  // ETS(A,N,N) with alpha 0.5 from level 0 on y = 2, 4, 6: l1 = 0 + 0.5·(2 − 0) = 1, l2 = 1 + 0.5·(4 − 1) = 2.5,
  // l3 = 2.5 + 0.5·(6 − 2.5) = 4.25; forecasts are flat at the level reached.
  const fit: EtsFit = {
    spec: spec('A,N,N'),
    m: 1,
    params: { alpha: 0.5, beta: 0, gamma: 0, phi: 1 },
    initial: { level: 0, trend: 0, season: [0] },
    final: { level: 4.25, trend: 0, season: [0] },
    n: 3,
    sigma2: 1,
    lik: 0,
    aicc: 0,
    np: 3,
    scale: 1,
  };

  // past the fit's data the recursion goes on: l4 = 4.25 + 0.5·(8 − 4.25) = 6.125
  it.each([
    [1, 1],
    [2, 2.5],
    [3, 4.25],
    [4, 6.125],
  ])('runs the fixed fit over the first %i points: level %d', (origin, level) => {
    const sut = forecastEts(etsAtOrigin(fit, [2, 4, 6, 8], origin), 2);
    expect(sut.mean).toEqual([level, level]);
  });

  it('at the last point reproduces the fit itself', () => {
    const y = SeriesBuilder.seasonal(40, 100, QUARTER_PATTERN).map((v, t) => v + SeriesBuilder.noise(40, 2)[t]);
    const full = fitEts(y, spec('M,N,M'), 4)!;
    expect(forecastEts(etsAtOrigin(full, y, y.length), 6).mean).toEqual(forecastEts(full, 6).mean);
  });
});
