import { QUARTER_PATTERN, SeriesBuilder } from '../test-support/series.builder';
import { etsSpec as spec } from '../test-support/ets-spec';
import { autoEts, candidateSpecs } from './auto-ets';
import { etsAtOrigin, etsAtOrigins, etsLikelihood, fitEts, forecastEts } from './ets-model';
import { EtsFit } from './ets.types';

describe(etsLikelihood.name, () => {
  const params = { alpha: 0.5, beta: 0, gamma: 0.5, phi: 1 };

  it('ETS(M,N,N): n·ln(sse) + 2·Σ ln ŷ over the hand-run recursion', () => {
    // l0 = 2, y = [4, 1], α = 0.5: ŷ1 = 2, e1 = (4 − 2)/2 = 1, l1 = 2 + 0.5·2 = 3;
    // ŷ2 = 3, e2 = (1 − 3)/3 = −2/3, l2 = 3 − 1 = 2; sse = 1 + 4/9 = 13/9;
    // lik = 2·ln(13/9) + 2·(ln 2 + ln 3) = 2·ln(26/3)
    const errors: number[] = [];
    const sut = etsLikelihood([4, 1], spec('M,N,N'), 1, params, { level: 2, trend: 0, season: [1] }, undefined, errors);
    expect(sut.lik).toBeCloseTo(2 * Math.log(26 / 3), 12);
    expect(sut.sse).toBeCloseTo(13 / 9, 14);
    expect(sut.level).toBe(2);
    expect(errors[0]).toBe(1);
    expect(errors[1]).toBeCloseTo(-2 / 3, 15);
  });

  it('ETS(M,N,N): a product of one-step means beyond double range still gives the log sum', () => {
    // y = ŷ = 1e150 four times: e = 0, sse = 0 → ln(1e-300) per point; Σ ln ŷ = 600·ln 10 (the plain product,
    // 1e600, would overflow); lik = 4·(−300·ln 10) + 2·600·ln 10 = 0
    const y = [1e150, 1e150, 1e150, 1e150];
    const sut = etsLikelihood(y, spec('M,N,N'), 1, params, { level: 1e150, trend: 0, season: [1] });
    expect(sut.lik).toBeCloseTo(0, 9);
  });

  it('ETS(A,N,A): additive likelihood and the final season ring', () => {
    // m = 2, l0 = 10, s = [1, −1], y = [12, 8], α = γ = 0.5:
    // t1: ŷ = 11, e = 1, l = 10 + 0.5·(11 − 10) = 10.5, s0 = 1 + 0.5·(12 − 10 − 1) = 1.5
    // t2: ŷ = 9.5, e = −1.5, l = 10.5 + 0.5·(9 − 10.5) = 9.75, s1 = −1 + 0.5·(8 − 10.5 + 1) = −1.75
    // sse = 1 + 2.25 = 3.25, lik = 2·ln 3.25
    const season: number[] = [];
    const sut = etsLikelihood([12, 8], spec('A,N,A'), 2, params, { level: 10, trend: 0, season: [1, -1] }, season);
    expect(sut.lik).toBeCloseTo(2 * Math.log(3.25), 14);
    expect(sut.level).toBe(9.75);
    expect(season).toEqual([1.5, -1.75]);
  });

  it('is Infinity when a multiplicative error model forecasts a non-positive value', () => {
    expect(etsLikelihood([1, 2], spec('M,N,N'), 1, params, { level: -1, trend: 0, season: [1] }).lik).toBe(Infinity);
  });
});

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

describe(etsAtOrigins.name, () => {
  /** A run of its own per origin, as etsAtOrigin once ran: the states where the run over the first points ends. */
  function runTo(fit: EtsFit, y: readonly number[], origin: number): EtsFit {
    const season = new Array<number>(fit.m);
    const scaled = y.slice(0, origin).map((v) => v / fit.scale);
    const run = etsLikelihood(scaled, fit.spec, fit.m, fit.params, fit.initial, season);
    return { ...fit, n: origin, lik: run.lik, final: { level: run.level, trend: run.trend, season } };
  }

  const y = SeriesBuilder.seasonal(60, 100, QUARTER_PATTERN).map((v, t) => v + 0.5 * t + SeriesBuilder.noise(60, 3)[t]);
  // origins in any order, one twice, the empty start among them
  const origins = [60, 41, 17, 41, 0, 8, 59];

  it.each(['A,N,N', 'A,Ad,A', 'M,A,M', 'M,N,M'])('ETS(%s): every origin as a run of its own', (form) => {
    const fit = fitEts(y, spec(form), 4)!;
    expect(etsAtOrigins(fit, y, origins)).toEqual(origins.map((o) => runTo(fit, y, o)));
  });

  it('a multiplicative run stopped by a value far below zero gives every later origin the states where it stopped', () => {
    const fit = fitEts(y, spec('M,N,M'), 4)!;
    // the level falls below zero after it, and the next one-step mean with it
    const withDrop = y.map((v, t) => (t === 30 ? -100 * v : v));
    const sut = etsAtOrigins(fit, withDrop, origins);

    expect(sut).toEqual(origins.map((o) => runTo(fit, withDrop, o)));
    expect(sut.map((f) => Number.isFinite(f.lik))).toEqual([false, false, true, false, true, true, false]);
  });
});
