import { QUARTER_PATTERN, SeriesBuilder } from '../test-support/series.builder';
import { etsSpec as spec } from '../test-support/ets-spec';
import { autoEtsForecaster } from './ets.forecaster';
import { fitEts } from './ets-model';
import { etsOneStepErrors, recentErrorScale } from './ets-residuals';
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

describe(recentErrorScale.name, () => {
  const ones = (n: number, v = 1): number[] => new Array<number>(n).fill(v);
  it.each([
    ['steady errors', [...ones(200)], 50, 0, 1],
    // all: (100·1 + 50·4) / 150 = 2, recent: 4
    ['errors doubled lately', [...ones(100), ...ones(50, 2)], 50, 0, Math.SQRT2],
    // all: (100·4 + 50·1) / 150 = 3, recent: 1
    ['errors halved lately', [...ones(100, 2), ...ones(50)], 50, 0, Math.sqrt(1 / 3)],
    ['no older part to compare with', [...ones(30, 5), ...ones(30)], 50, 10, 1],
    ['burn-in left out', [...ones(10, 100), ...ones(100)], 50, 10, 1],
    ['NaN errors skipped', [...ones(100), NaN, ...ones(49)], 50, 0, 1],
    ['all exact', ones(100, 0), 50, 0, 1],
  ])('%s', (_, errors, window, burnIn, expected) => {
    expect(recentErrorScale(errors, window, burnIn)).toBeCloseTo(expected, 12);
  });
});

describe('autoEtsForecaster with recentSigmaWindow', () => {
  const levels = { h: 6, m: 1, levels: [80] };
  const noisy = SeriesBuilder.noise(400, 4, 3);
  const quiet = SeriesBuilder.noise(400, 1, 5);

  it.each([
    ['quieter lately → narrower', [...noisy.slice(0, 300), ...quiet.slice(0, 100)], -1],
    ['noisier lately → wider', [...quiet.slice(0, 300), ...noisy.slice(0, 100)], 1],
  ])('rescales the intervals when the noise level changed: %s', (_, errors, sign) => {
    const y = errors.map((e) => 200 + e);
    const plain = autoEtsForecaster('ets').forecast({ y, ...levels });
    const sut = autoEtsForecaster('ets', { recentSigmaWindow: 100 }).forecast({ y, ...levels });
    expect(sut.mean).toEqual(plain.mean);
    const ratio = (sut.upper[80][0] - sut.lower[80][0]) / (plain.upper[80][0] - plain.lower[80][0]);
    expect(Math.sign(ratio - 1)).toBe(sign);
    expect(Math.abs(ratio - 1)).toBeGreaterThan(0.3);
  });

  it('leaves series no longer than the window as the model has them', () => {
    const y = SeriesBuilder.noise(100, 2, 9).map((e) => 50 + e);
    const plain = autoEtsForecaster('ets').forecast({ y, ...levels });
    const sut = autoEtsForecaster('ets', { recentSigmaWindow: 100 }).forecast({ y, ...levels });
    expect(sut.sigma).toEqual(plain.sigma);
  });
});
