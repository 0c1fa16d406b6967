import { armaExactLikelihood } from './arima-likelihood';

const LOG_2PI = Math.log(2 * Math.PI);

describe(armaExactLikelihood.name, () => {
  it('AR(1): the first point has the stationary variance σ²/(1 − φ²), the rest their one-step errors', () => {
    // φ = 0.5 on x = 1, 2, −1: F1 = 1/(1 − 0.25) = 4/3 and v1 = 1, so v1²/F1 = 0.75; then F = 1 with
    // v2 = 2 − 0.5·1 = 1.5 and v3 = −1 − 0.5·2 = −2. Σ v²/F = 0.75 + 2.25 + 4 = 7, σ² = 7/3,
    // −2·log L = 3·log(2π·7/3) + log(4/3) + 3.
    const sut = armaExactLikelihood([1, 2, -1], [0.5], [])!;
    expect(sut.sigma2).toBeCloseTo(7 / 3, 12);
    expect(sut.minus2LogL).toBeCloseTo(3 * (LOG_2PI + Math.log(7 / 3)) + Math.log(4 / 3) + 3, 10);
  });

  it('MA(1): innovations of the tridiagonal covariance, determinant 1 + θ² + θ⁴ + θ⁶', () => {
    // θ = 0.5 on x = 1, 2, −1; Var = 1 + θ² = 1.25 on the diagonal, θ = 0.5 beside it (σ² = 1).
    // F1 = 1.25, v1 = 1; F2 = 1.25 − 0.25/1.25 = 1.05, v2 = 2 − (0.5/1.25)·1 = 1.6;
    // F3 = 1.25 − 0.25/1.05 = 85/84, v3 = −1 − (0.5/1.05)·1.6 = −37/21.
    // Σ v²/F = 0.8 + 2.56/1.05 + (37/21)²·84/85; Π F = 1.25·1.05·85/84 = 1.328125 = 1 + θ² + θ⁴ + θ⁶.
    const ssq = 0.8 + 2.56 / 1.05 + ((37 / 21) ** 2 * 84) / 85;
    const sut = armaExactLikelihood([1, 2, -1], [], [0.5])!;
    expect(sut.sigma2).toBeCloseTo(ssq / 3, 12);
    expect(sut.minus2LogL).toBeCloseTo(3 * (LOG_2PI + Math.log(ssq / 3)) + Math.log(1.328125) + 3, 10);
  });

  it('white noise (p = q = 0): σ² is the mean square and every F is 1', () => {
    // x = 3, −1, 2, 0: Σ x² = 14, σ² = 3.5, −2·log L = 4·log(2π·3.5) + 4
    const sut = armaExactLikelihood([3, -1, 2, 0], [], [])!;
    expect(sut.sigma2).toBeCloseTo(3.5, 12);
    expect(sut.minus2LogL).toBeCloseTo(4 * (LOG_2PI + Math.log(3.5)) + 4, 10);
  });

  it('rescaling the data by c changes −2·log L by n·log c² only', () => {
    const x = [1.2, -0.5, 0.3, 2.1, 1.7, -0.8, -1.1, 0.4];
    const a = armaExactLikelihood(x, [0.6, -0.3], [0.4])!;
    const b = armaExactLikelihood(
      x.map((v) => v * 1000),
      [0.6, -0.3],
      [0.4],
    )!;
    expect(b.minus2LogL - a.minus2LogL).toBeCloseTo(8 * Math.log(1e6), 8);
    expect(b.sigma2 / a.sigma2).toBeCloseTo(1e6, 6);
  });
});
