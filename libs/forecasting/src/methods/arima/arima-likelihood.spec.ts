import { armaExactLikelihood, stationaryCovariance } from './arima-likelihood';

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

describe(stationaryCovariance.name, () => {
  const solveFor = (phi: number[], rr: number[]): number[] => {
    const out = new Float64Array(rr.length * rr.length);
    expect(stationaryCovariance(phi, rr, out)).toBe(true);
    return Array.from(out);
  };

  it('AR(1): P = 1/(1 − φ²) (unit innovation variance)', () => {
    // P = φ²·P + 1 ⇒ P = 1/(1 − 0.36) = 1.5625 for φ = 0.6
    expect(solveFor([0.6], [1])[0]).toBeCloseTo(1.5625, 12);
  });

  it('ARMA(1,1): the state (x_t, θ·e_t) has P11 = θ², P01 = θ, P00 = (1 + 2φθ + θ²)/(1 − φ²)', () => {
    // T = [[φ, 1], [0, 0]], R = (1, θ). The second row of T is zero, so P11 = θ² and
    // P01 = (T·P·T')01 + θ = 0 + θ; P00 = φ²·P00 + 2φ·P01 + P11 + 1. With φ = 0.5, θ = 0.4:
    // P00 = (1 + 0.4 + 0.16)/0.75 = 2.08, the textbook γ0 of an ARMA(1,1).
    const [p00, p01, p10, p11] = solveFor([0.5, 0], [1, 0.4]);
    expect(p00).toBeCloseTo(2.08, 12);
    expect(p01).toBeCloseTo(0.4, 12);
    expect(p10).toBeCloseTo(0.4, 12);
    expect(p11).toBeCloseTo(0.16, 12);
  });

  it('AR(2): P00 = γ0, P01 = φ2·γ1, P11 = φ2²·γ0 (second state φ2·x_{t−1})', () => {
    // γ0 = (1 − φ2)/((1 + φ2)·((1 − φ2)² − φ1²)), γ1 = φ1·γ0/(1 − φ2). φ = (0.5, 0.3):
    // γ0 = 0.7/(1.3·(0.49 − 0.25)) = 0.7/0.312, γ1 = 0.5·γ0/0.7.
    const g0 = 0.7 / 0.312;
    const g1 = (0.5 * g0) / 0.7;
    const [p00, p01, p10, p11] = solveFor([0.5, 0.3], [1, 0]);
    expect(p00).toBeCloseTo(g0, 12);
    expect(p01).toBeCloseTo(0.3 * g1, 12);
    expect(p10).toBeCloseTo(0.3 * g1, 12);
    expect(p11).toBeCloseTo(0.09 * g0, 12);
  });

  it('unit root: singular, no stationary covariance', () => {
    expect(stationaryCovariance([1], [1], new Float64Array(1))).toBe(false);
  });
});
