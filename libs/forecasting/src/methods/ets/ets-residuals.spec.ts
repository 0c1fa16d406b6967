import { QUARTER_PATTERN, SeriesBuilder } from '../test-support/series.builder';
import { etsSpec as spec } from '../test-support/ets-spec';
import { autoEtsForecaster } from './ets.forecaster';
import { fitEts } from './ets-model';
import { currentRegimeErrorScale, etsOneStepErrors, varianceChangePoint } from './ets-residuals';
import { EtsFit } from './ets.types';

/** A hand-made simple exponential smoothing fit: alpha 0.5, level 10, unscaled. */
function sesFit(error: 'A' | 'M'): EtsFit {
  return {
    spec: { error, trend: 'N', season: 'N' },
    m: 1,
    params: { alpha: 0.5, beta: 0, gamma: 0, phi: 1 },
    initial: { level: 10, trend: 0, season: [0] },
    final: { level: 10, trend: 0, season: [0] },
    n: 3,
    sigma2: 1,
    lik: 0,
    aicc: 0,
    np: 2,
    scale: 1,
  };
}

describe(etsOneStepErrors.name, () => {
  it.each([
    // forecasts 10, 11, 10.5 (level + 0.5 · error)
    ['A', [2, -1, 3.5]],
    ['M', [0.2, -1 / 11, 3.5 / 10.5]],
  ] as const)('replays simple exponential smoothing with %s errors by hand', (error, expected) => {
    const sut = etsOneStepErrors([12, 10, 14], sesFit(error));
    sut.forEach((e, i) => expect(e).toBeCloseTo(expected[i], 12));
  });

  const noise = SeriesBuilder.noise(60, 3, 11);
  it.each([
    ['A,N,N', 1, SeriesBuilder.constant(60, 100)],
    ['A,A,N', 1, SeriesBuilder.linear(60, 50, 1.5)],
    ['M,Ad,N', 1, SeriesBuilder.linear(60, 50, 1.5)],
    ['A,N,A', 4, SeriesBuilder.seasonal(60, 100, [-20, 10, 30, -20], 'add')],
    ['M,A,M', 4, SeriesBuilder.seasonal(60, 100, QUARTER_PATTERN).map((v, t) => v + t)],
  ] as const)('ETS(%s): squared errors sum to the fit’s sigma² · (n − parameters)', (s, m, base) => {
    const y = base.map((v, t) => v + noise[t]);
    const fit = fitEts(y, spec(s), m)!;
    const sse = etsOneStepErrors(y, fit).reduce((sum, e) => sum + e * e, 0);
    expect(sse / (fit.n - fit.np)).toBeCloseTo(fit.sigma2, 10);
  });
});

describe(varianceChangePoint.name, () => {
  const alternating = (n: number, v: number): number[] => Array.from({ length: n }, (_, t) => (t % 2 ? -v : v));

  it('finds where the error level doubles', () => {
    // 60 errors ±1 then 60 errors ±2: C_T = 60 + 240 = 300, mean e² 2.5, mean e⁴ (60 + 960) / 120 = 8.5,
    // spread sqrt(8.5 − 6.25) = 1.5; |C_k − k·C_T/T| peaks at k = 60: |60 − 150| = 90;
    // statistic 90 / (sqrt(120) · 1.5) = 5.48 > 1.358 → change after 60 errors
    expect(varianceChangePoint([...alternating(60, 1), ...alternating(60, 2)])).toBe(60);
  });

  it.each([
    ['steady errors', alternating(120, 1)],
    ['too few errors for the asymptotic test', [...alternating(25, 1), ...alternating(25, 3)]],
    // the change at 100 would leave 20 < MIN_REGIME_ERRORS errors in the later regime
    ['a change too close to the end', [...alternating(100, 1), ...alternating(20, 3)]],
    ['all exact', new Array<number>(100).fill(0)],
  ])('finds none: %s', (_, errors) => {
    expect(varianceChangePoint(errors)).toBeUndefined();
  });
});

describe(currentRegimeErrorScale.name, () => {
  const alternating = (n: number, v: number): number[] => Array.from({ length: n }, (_, t) => (t % 2 ? -v : v));

  it.each([
    // all settled: (60·1 + 60·4) / 120 = 2.5; current regime: 4 → sqrt(4 / 2.5)
    ['noisier lately', [...alternating(60, 1), ...alternating(60, 2)], 0, Math.sqrt(4 / 2.5)],
    // all settled: (60·4 + 60·1) / 120 = 2.5; current regime: 1 → sqrt(1 / 2.5)
    ['quieter lately', [...alternating(60, 2), ...alternating(60, 1)], 0, Math.sqrt(1 / 2.5)],
    ['steady', alternating(200, 3), 0, 1],
    // the 10 wild errors are burn-in: the settled ones are steady
    ['burn-in left out', [...alternating(10, 100), ...alternating(100, 1)], 10, 1],
  ])('%s', (_, errors, burnIn, expected) => {
    expect(currentRegimeErrorScale(errors, burnIn)).toBeCloseTo(expected, 12);
  });

  it('follows the last of several changes', () => {
    // regimes ±1, ±3, ±1 (60 each): the later part [±3, ±1] changes again at its middle → current regime ±1;
    // all settled: (60 + 540 + 60) / 180 = 11/3 → sqrt(1 / (11/3))
    const errors = [...alternating(60, 1), ...alternating(60, 3), ...alternating(60, 1)];
    expect(currentRegimeErrorScale(errors, 0)).toBeCloseTo(Math.sqrt(3 / 11), 12);
  });
});

describe('autoEtsForecaster with currentRegimeSigma', () => {
  const levels = { h: 6, m: 1, levels: [80] };
  const noisy = SeriesBuilder.noise(400, 4, 3);
  const quiet = SeriesBuilder.noise(400, 1, 5);

  it.each([
    ['quieter lately → narrower', [...noisy.slice(0, 300), ...quiet.slice(0, 100)], -1],
    ['noisier lately → wider', [...quiet.slice(0, 300), ...noisy.slice(0, 100)], 1],
  ])('rescales the intervals when the noise level changed: %s', (_, errors, sign) => {
    const y = errors.map((e) => 200 + e);
    const plain = autoEtsForecaster('ets').forecast({ y, ...levels });
    const sut = autoEtsForecaster('ets', { currentRegimeSigma: true }).forecast({ y, ...levels });
    expect(sut.mean).toEqual(plain.mean);
    const ratio = (sut.upper[80][0] - sut.lower[80][0]) / (plain.upper[80][0] - plain.lower[80][0]);
    expect(Math.sign(ratio - 1)).toBe(sign);
    expect(Math.abs(ratio - 1)).toBeGreaterThan(0.3);
  });

  it('leaves a series with one noise level as the model has it', () => {
    const y = SeriesBuilder.noise(300, 2, 9).map((e) => 50 + e);
    const plain = autoEtsForecaster('ets').forecast({ y, ...levels });
    const sut = autoEtsForecaster('ets', { currentRegimeSigma: true }).forecast({ y, ...levels });
    expect(sut.sigma).toEqual(plain.sigma);
  });
});
