import { SeriesBuilder } from '../test-support/series.builder';
import { arimaAtOrigin, forecastArima } from './arima-forecast';
import { ArimaFit, ArimaOrder, differenced, fitArima } from './arima-model';

/** A fit with given coefficients on y, σ² = 1 unless said: forecasts then carry the variances in units of σ². */
function fitOn(y: number[], order: Partial<ArimaOrder>, coefs: Partial<ArimaFit> = {}): ArimaFit {
  const o: ArimaOrder = { p: 0, d: 0, q: 0, constant: false, ...order };
  return { order: o, ar: [], ma: [], intercept: 0, sigma2: 1, aicc: 0, ...differenced(y, o.d), ...coefs };
}

const variances = (sigma: number[]): number[] => sigma.map((s) => s * s);

// Every expected value below was also checked against R 4 (stats::arima with fixed coefficients, predict).
describe(forecastArima.name, () => {
  it.each([
    {
      // AR(1), φ = 0.5 around μ = 10 (intercept μ·(1 − φ) = 5), last value 12: μ + φ^h·(12 − μ) = 11, 10.5, 10.25;
      // variance σ²·(1 + φ² + … + φ^{2(h−1)}) = 1, 1.25, 1.3125
      name: 'AR(1) with mean',
      fit: fitOn([9, 11, 10, 12], { p: 1, constant: true }, { ar: [0.5], intercept: 5 }),
      mean: [11, 10.5, 10.25],
      variance: [1, 1.25, 1.3125],
    },
    {
      // MA(1), θ = 0.5 on 1, 2, −1: the filter's innovations v1 = 1 (F1 = 1.25), v2 = 2 − 0.4·1 = 1.6 (F2 = 1.05),
      // v3 = −1 − (0.5/1.05)·1.6 = −37/21 (F3 = 1.25 − 0.25/1.05 = 85/84). One step: (θ/F3)·v3 = −74/85 ≈ −0.8706
      // (the CSS recursion from e0 = 0 gives θ·e3 = 0.5·(−1 − 0.5·1.5) = −0.875), with F4 = 1.25 − 0.25·84/85
      // = 85.25/85; two steps: 0 with 1 + θ² = 1.25
      name: 'MA(1) on three points',
      fit: fitOn([1, 2, -1], { q: 1 }, { ma: [0.5] }),
      mean: [-74 / 85, 0],
      variance: [85.25 / 85, 1.25],
    },
    {
      // ARIMA(0,1,1), θ = 0.5 on 1, 3, 2, 6, 5: w = 2, −1, 4, −1. v = 2, −1.8, 34/7, −3.4 with F = 1.25, 1.05, 85/84,
      // 85.25/85; next difference (θ/F4)·v4 = −144.5/85.25, so every level 5 − 144.5/85.25. Variance: F5
      // = 1.25 − 0.25·85/85.25 = 85.3125/85.25, and each further step adds (1 + θ)² = 2.25
      name: 'ARIMA(0,1,1) on five points',
      fit: fitOn([1, 3, 2, 6, 5], { d: 1, q: 1 }, { ma: [0.5] }),
      mean: [1, 2, 3].map(() => 5 - 144.5 / 85.25),
      variance: [0, 1, 2].map((j) => 85.3125 / 85.25 + 2.25 * j),
    },
    {
      // ARIMA(0,2,0) on 1, 2, 4, 7: second differences 1, 1, mean 0: the last slope 3 goes on, 10, 13, 16;
      // ψ-weights of 1/(1 − B)² are 1, 2, 3: variance 1, 1 + 4, 1 + 4 + 9
      name: 'ARIMA(0,2,0)',
      fit: fitOn([1, 2, 4, 7], { d: 2 }),
      mean: [10, 13, 16],
      variance: [1, 5, 14],
    },
  ])('$name: mean and variance from the filtered state', ({ fit, mean, variance }) => {
    const sut = forecastArima(fit, mean.length);
    sut.mean.forEach((v, i) => expect(v).toBeCloseTo(mean[i], 10));
    variances(sut.sigma).forEach((v, i) => expect(v).toBeCloseTo(variance[i], 10));
  });

  it('sigma is σ times the square root of the variance in units of σ²', () => {
    const fit = fitOn([9, 11, 10, 12], { p: 1, constant: true }, { ar: [0.5], intercept: 5, sigma2: 4 });
    expect(forecastArima(fit, 2).sigma).toEqual([2, 2 * Math.sqrt(1.25)]);
  });

  it('after a long series the filter is in its steady state: the ψ-weight variance of the infinite past', () => {
    // ARIMA(0,1,1), θ = 0.5: ψ = 1, 1.5, 1.5, …, variance 1 + (h − 1)·2.25
    const y = SeriesBuilder.noise(200, 1, 3).map((_, t, e) => t + e[t]);
    const sut = forecastArima(fitOn(y, { d: 1, q: 1 }, { ma: [0.5] }), 4);
    variances(sut.sigma).forEach((v, h) => expect(v).toBeCloseTo(1 + h * 2.25, 10));
  });

  it('ARIMA(0,1,0) with drift extends a line exactly and its sigma grows like sqrt(h)', () => {
    const y = SeriesBuilder.linear(30, 3, 2).map((v, t) => v + SeriesBuilder.noise(30, 0.1)[t]);
    const fit = fitArima(y, { p: 0, d: 1, q: 0, constant: true })!;
    const sut = forecastArima(fit, 4);
    const drift = (y[29] - y[0]) / 29;
    sut.mean.forEach((v, i) => expect(v).toBeCloseTo(y[29] + drift * (i + 1), 8));
    expect(sut.sigma[3]).toBeCloseTo(sut.sigma[0] * 2, 8);
  });
});

describe(arimaAtOrigin.name, () => {
  // AR(1) with phi 0.5 and no mean on y = 4, 2, 8, 6: from origin 2 the forecasts are 0.5·2 = 1, then 0.5;
  // ARIMA(0,1,0) with drift 1 from origin 3 (last level 8): 9, 10
  it('runs fixed coefficients from an earlier origin', () => {
    const ar = fitOn([], { p: 1 }, { ar: [0.5] });
    expect(forecastArima(arimaAtOrigin(ar, [4, 2, 8, 6], 2), 2).mean).toEqual([1, 0.5]);
    const drift = fitOn([], { d: 1, constant: true }, { intercept: 1 });
    expect(forecastArima(arimaAtOrigin(drift, [4, 2, 8, 6], 3), 2).mean).toEqual([9, 10]);
  });
});
