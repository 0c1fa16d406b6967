/** Exact Gaussian likelihood of a zero-mean ARMA with the innovation variance concentrated out. */
export interface ArmaLikelihood {
  /** Maximum-likelihood innovation variance: Σ v²/F over the number of observations. */
  sigma2: number;
  /** −2·log L at that variance: n·log(2π·σ²) + Σ log F + n. */
  minus2LogL: number;
}

/** Linear-system workspace by state dimension r: m = r(r+1)/2 rows of m coefficients and the right-hand side. */
const systems = new Map<number, { m: number; sys: Float64Array; idx: Int32Array; x: Float64Array }>();
function systemFor(r: number) {
  let s = systems.get(r);
  if (!s) {
    const m = (r * (r + 1)) / 2;
    // idx[i·r + j] = idx[j·r + i]: the unknown of P_ij in the upper triangle, row by row
    const idx = new Int32Array(r * r);
    for (let i = 0, c = 0; i < r; i++) for (let j = i; j < r; j++, c++) idx[i * r + j] = idx[j * r + i] = c;
    s = { m, sys: new Float64Array(m * (m + 1)), idx, x: new Float64Array(m) };
    systems.set(r, s);
  }
  return s;
}

/**
 * Stationary state covariance P = T·P·T' + R·R' of the ARMA state-space form below, written into out (r×r,
 * row-major); false when singular. P is symmetric, so only its r(r+1)/2 upper-triangle entries are unknowns
 * (the vec-half form of (I − T⊗T)·vec P = vec(R·R')): one equation per i ≤ j,
 * P_ij − φi·φj·P_00 − φi·P_0,j+1 − φj·P_0,i+1 − P_i+1,j+1 = R_i·R_j (terms past r − 1 dropped), solved by
 * Gaussian elimination with partial pivoting — 21 unknowns instead of 36 for r = 6.
 */
export function stationaryCovariance(phi: ArrayLike<number>, rr: ArrayLike<number>, out: Float64Array): boolean {
  const r = rr.length;
  const { m, sys, idx, x } = systemFor(r);
  const w = m + 1;
  sys.fill(0);
  for (let i = 0, row = 0; i < r; i++)
    for (let j = i; j < r; j++, row++) {
      const o = row * w;
      sys[o + row] += 1;
      sys[o + idx[0]] -= phi[i] * phi[j];
      if (j + 1 < r) sys[o + idx[j + 1]] -= phi[i];
      if (i + 1 < r) sys[o + idx[i + 1]] -= phi[j];
      if (j + 1 < r) sys[o + idx[(i + 1) * r + j + 1]] -= 1;
      sys[o + m] = rr[i] * rr[j];
    }
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let k = c + 1; k < m; k++) if (Math.abs(sys[k * w + c]) > Math.abs(sys[piv * w + c])) piv = k;
    if (Math.abs(sys[piv * w + c]) < 1e-12) return false;
    if (piv !== c)
      for (let j = c; j <= m; j++) {
        const tmp = sys[c * w + j];
        sys[c * w + j] = sys[piv * w + j];
        sys[piv * w + j] = tmp;
      }
    for (let k = c + 1; k < m; k++) {
      const f = sys[k * w + c] / sys[c * w + c];
      if (f !== 0) for (let j = c; j <= m; j++) sys[k * w + j] -= f * sys[c * w + j];
    }
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = sys[i * w + m];
    for (let j = i + 1; j < m; j++) s -= sys[i * w + j] * x[j];
    x[i] = s / sys[i * w + i];
  }
  for (let k = 0; k < r * r; k++) out[k] = x[idx[k]];
  return true;
}

/** Filter buffers by state dimension, reused across the many evaluations of one optimisation. */
const buffers = new Map<number, Record<'p' | 'u' | 'a' | 'phi' | 'rr' | 'rrt', Float64Array>>();
function buffersFor(r: number) {
  let b = buffers.get(r);
  if (!b) {
    const sq = () => new Float64Array(r * r);
    const vec = () => new Float64Array(r);
    b = { p: sq(), u: sq(), a: vec(), phi: vec(), rr: vec(), rrt: sq() };
    buffers.set(r, b);
  }
  return b;
}

/**
 * Exact log-likelihood of x − mean under x_t = Σ φ_i·x_{t−i} + e_t + Σ θ_j·e_{t−j}, by the
 * Kalman filter on the state-space form of Gardner, Harvey & Phillips (1980), as R's arima: state dimension
 * r = max(p, q + 1), transition T with φ in the first column and ones above the diagonal, R = (1, θ1, …, θ_{r−1}),
 * started from the stationary covariance. The coefficients must be stationary (checked by the caller).
 */
export function armaExactLikelihood(
  x: readonly number[],
  ar: readonly number[],
  ma: readonly number[],
  mean = 0,
): ArmaLikelihood | undefined {
  return packedArmaLikelihood(x, [...ar, ...ma], ar.length, ma.length, mean);
}

/** armaExactLikelihood with φ = coefs[0, p) and θ = coefs[p, p + q), as an optimiser holds them. */
export function packedArmaLikelihood(
  x: readonly number[],
  coefs: readonly number[],
  nAr: number,
  nMa: number,
  mean: number,
): ArmaLikelihood | undefined {
  const pass = kalmanPass(x, coefs, nAr, nMa, mean);
  if (!pass) return undefined;
  const n = x.length;
  const sigma2 = pass.ssq / n;
  if (!(sigma2 > 0)) return undefined;
  return { sigma2, minus2LogL: n * Math.log(2 * Math.PI * sigma2) + pass.sumLogF + n };
}

/** The state after the data, for forecasting: a_{n+1|n} and P_{n+1|n} in units of σ² (r×r, row-major). */
export interface ArmaState {
  a: number[];
  P: number[];
}

/**
 * The filter of armaExactLikelihood run over x − mean, returning the predicted state for the point after the
 * data (what R's arima keeps in its model for KalmanForecast). Undefined when the coefficients have no
 * stationary covariance.
 */
export function armaPredictedState(
  x: readonly number[],
  ar: readonly number[],
  ma: readonly number[],
  mean: number,
): ArmaState | undefined {
  if (!kalmanPass(x, [...ar, ...ma], ar.length, ma.length, mean)) return undefined;
  const r = Math.max(ar.length, ma.length + 1);
  const { a, p } = buffersFor(r);
  // the filter keeps the upper triangle; in the steady state P = R·R' to within 1e-12
  const P = Array.from({ length: r * r }, (_, k) => {
    const i = Math.floor(k / r);
    const j = k % r;
    return i <= j ? p[k] : p[j * r + i];
  });
  return { a: Array.from(a), P };
}

/**
 * The Kalman filter of armaExactLikelihood: Σ v²/F and Σ log F, leaving a_{n+1|n} and the upper triangle of
 * P_{n+1|n} in the buffers of dimension r. Undefined when the stationary covariance is singular.
 */
function kalmanPass(x: readonly number[], coefs: readonly number[], nAr: number, nMa: number, mean: number) {
  const r = Math.max(nAr, nMa + 1);
  const { p, u, a, phi, rr, rrt } = buffersFor(r);
  for (let i = 0; i < r; i++) {
    phi[i] = i < nAr ? coefs[i] : 0;
    rr[i] = i === 0 ? 1 : i - 1 < nMa ? coefs[nAr + i - 1] : 0;
  }
  if (!stationaryCovariance(phi, rr, p)) return undefined;
  // covariances as flat r×r arrays of which the filter keeps the upper triangles (both are symmetric):
  // P (predicted) and U (updated with the observation); RR' the constant R·R'
  for (let i = 0; i < r; i++) for (let j = i; j < r; j++) rrt[i * r + j] = rr[i] * rr[j];
  a.fill(0);
  let ssq = 0;
  // Σ log F as the log of running products: F ≥ 1 (P ⪰ R·R' with R0 = 1), so a product only grows, and is
  // folded into the sum long before it could overflow; one log per 1e200 of growth instead of one per step
  let sumLog = 0;
  let prodF = 1;
  const n = x.length;
  const last = r - 1;
  let t = 0;
  for (; t < n; t++) {
    const f = p[0];
    if (!(f > 0)) return undefined;
    const v = x[t] - mean - a[0];
    ssq += (v * v) / f;
    prodF *= f;
    if (prodF > 1e200) {
      sumLog += Math.log(prodF);
      prodF = 1;
    }
    // update with the observation: a += P[:,0]·v/F, U = P − P[:,0]·P[0,:]/F
    for (let i = 0; i < r; i++) a[i] += (p[i] / f) * v;
    for (let i = 0; i < r; i++) {
      const pi = p[i];
      for (let j = i; j < r; j++) u[i * r + j] = p[i * r + j] - (pi * p[j]) / f;
    }
    // predict: a ← T·a, P ← T·U·T' + R·R', where (T·U·T')ij = φi·φj·U00 + φi·U0,j+1 + φj·U0,i+1 + Ui+1,j+1
    // (terms past the last state dropped: the last column and row have fewer)
    const a0 = a[0];
    for (let i = 0; i < last; i++) a[i] = phi[i] * a0 + a[i + 1];
    a[last] = phi[last] * a0;
    const u0 = u[0];
    const phiLast = phi[last];
    let gap = 0;
    for (let i = 0; i < last; i++) {
      const phiI = phi[i];
      const uI = u[i + 1];
      const below = (i + 1) * r + 1;
      for (let j = i; j < last; j++) {
        let c = phiI * phi[j] * u0;
        c += phiI * u[j + 1];
        c += phi[j] * uI;
        c += u[below + j];
        p[i * r + j] = c + rrt[i * r + j];
        const m = Math.abs(c);
        if (m > gap) gap = m;
      }
      let c = phiI * phiLast * u0;
      c += phiLast * uI;
      p[i * r + last] = c + rrt[i * r + last];
      const m = Math.abs(c);
      if (m > gap) gap = m;
    }
    const c = phiLast * phiLast * u0;
    p[last * r + last] = c + rrt[last * r + last];
    if (Math.abs(c) > gap) gap = Math.abs(c);
    // steady state (P = R·R', F = 1, gain R): the filter is the plain ARMA recursion from here on
    if (gap < 1e-12) {
      t++;
      break;
    }
  }
  for (; t < n; t++) {
    const v = x[t] - mean - a[0];
    ssq += v * v;
    const a0 = a[0] + v;
    for (let i = 0; i < r; i++) a[i] = phi[i] * a0 + (i + 1 < r ? a[i + 1] + rr[i + 1] * v : 0);
  }
  return { ssq, sumLogF: sumLog + Math.log(prodF) };
}
