import { armaPredictedState } from './arima-likelihood';
import { ArimaFit, differenced } from './arima-model';

/**
 * The fit's coefficients run, not re-estimated, over a leading part of its data (at least d + 1 points): the
 * fit as if its data ended there, so that forecastArima forecasts from that origin.
 */
export function arimaAtOrigin(fit: ArimaFit, y: readonly number[], origin: number): ArimaFit {
  const { w, tails } = differenced(y.slice(0, origin), fit.order.d);
  return { ...fit, w, tails };
}

/** Row-major square product A·B of size k. */
function times(A: readonly number[], B: readonly number[], k: number): number[] {
  const C = new Array<number>(k * k).fill(0);
  for (let i = 0; i < k; i++)
    for (let l = 0; l < k; l++) {
      const ail = A[i * k + l];
      if (ail !== 0) for (let j = 0; j < k; j++) C[i * k + j] += ail * B[l * k + j];
    }
  return C;
}

const transposed = (A: readonly number[], k: number): number[] => A.map((_, n) => A[(n % k) * k + Math.floor(n / k)]);

/**
 * Forecasts as R's predict.Arima (KalmanForecast from the state its arima leaves after filtering the data): the
 * exact filter is run over the differenced series minus its mean, and from its predicted state a, P the ARMA
 * state is carried forward by a ← T·a, P ← T·P·T' + R·R'. The differencing is in the state as in R's makeARIMA:
 * the state holds the ARMA part and the last d levels, y_t = α_t[0] + Σ δ_i·y_{t−i} with (1 − B)^d = 1 − Σ δ_i·B^i,
 * and the forecast variance is σ²·Z·P·Z'. The levels are known once the data are seen, so their block of P is zero
 * (R reaches the same through its diffuse prior). Means: the differenced forecasts μ + a[0], integrated from the
 * last levels. After a long series the filter is in its steady state (P = R·R') and this equals the ψ-weight
 * forecast of the infinite past; on a short one the MA state keeps its uncertainty about the last innovations.
 */
export function forecastArima(fit: ArimaFit, h: number): { mean: number[]; sigma: number[] } {
  const { ar, ma, intercept, w, order } = fit;
  const sumAr = ar.reduce((s, v) => s + v, 0);
  const mu = intercept / (1 - sumAr);
  const r = Math.max(ar.length, ma.length + 1);
  const d = order.d;
  const k = r + d;
  // no stationary covariance (not expected of an admissible fit): the unconditional mean, steady-state variance
  const state = armaPredictedState(w, ar, ma, mu) ?? {
    a: new Array<number>(r).fill(0),
    P: Array.from({ length: r * r }, (_, n) => (n === 0 ? 1 : 0)),
  };
  const phi = Array.from({ length: r }, (_, i) => ar[i] ?? 0);
  const R = Array.from({ length: r }, (_, i) => (i === 0 ? 1 : (ma[i - 1] ?? 0)));
  // δ of (1 − B)^d: d = 1 → (1), d = 2 → (2, −1)
  let poly = [1];
  for (let i = 0; i < d; i++) poly = [...poly, 0].map((c, j) => c - (j > 0 ? poly[j - 1] : 0));
  const delta = poly.slice(1).map((c) => -c);
  const T = new Array<number>(k * k).fill(0);
  for (let i = 0; i < r; i++) {
    T[i * k] = phi[i];
    if (i + 1 < r) T[i * k + i + 1] = 1;
  }
  if (d > 0) {
    T[r * k] = 1;
    for (let j = 0; j < d; j++) T[r * k + r + j] = delta[j];
    for (let j = 1; j < d; j++) T[(r + j) * k + r + j - 1] = 1;
  }
  const Tt = transposed(T, k);
  const Z = Array.from({ length: k }, (_, i) => (i === 0 ? 1 : i >= r ? delta[i - r] : 0));
  let P = new Array<number>(k * k).fill(0);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) P[i * k + j] = state.P[i * r + j];
  const a = state.a.slice();
  const diffMean: number[] = [];
  const sigma: number[] = [];
  for (let step = 0; step < h; step++) {
    if (step > 0) {
      P = times(times(T, P, k), Tt, k);
      for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) P[i * k + j] += R[i] * R[j];
      const a0 = a[0];
      for (let i = 0; i < r; i++) a[i] = phi[i] * a0 + (i + 1 < r ? a[i + 1] : 0);
    }
    diffMean.push(mu + a[0]);
    let v = 0;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) v += Z[i] * P[i * k + j] * Z[j];
    sigma.push(Math.sqrt(fit.sigma2 * Math.max(v, 0)));
  }
  let mean = diffMean;
  for (let s = d - 1; s >= 0; s--) {
    let level = fit.tails[s];
    mean = mean.map((v) => (level += v));
  }
  return { mean, sigma };
}
