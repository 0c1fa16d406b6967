import { EtsParams, EtsSpec } from './ets.types';

/** Beyond this a running product of one-step means is folded into the log sum (far from over/underflow). */
export const PRODUCT_LIMIT = 1e100;

/** Season ring of the kernels, reused: the recursion is synchronous and never re-entered. */
let ring = new Float64Array(64);

/**
 * etsLikelihood(...).lik, for the optimiser's objective: the same operations in the same order, so the same
 * value to the last bit, with a loop per season type (the general recursion, which also records errors and
 * states on the way, tests the model's form at every step and runs about twice as slowly) and nothing allocated.
 */
export function etsRunLikelihood(
  y: Float64Array,
  spec: EtsSpec,
  m: number,
  p: EtsParams,
  level: number,
  trend: number,
  initialSeason: readonly number[],
): number {
  const hasTrend = spec.trend !== 'N';
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const mulError = spec.error === 'M';
  const b = hasTrend ? trend : 0;
  const betaOverAlpha = p.beta / p.alpha;
  if (spec.season === 'N') return withoutSeason(y, mulError, hasTrend, p.alpha, betaOverAlpha, phi, level, b);
  if (ring.length < m) ring = new Float64Array(m);
  for (let i = 0; i < m; i++) ring[i] = initialSeason[i];
  const run = spec.season === 'A' ? additiveSeason : multiplicativeSeason;
  return run(y, m, ring, mulError, hasTrend, p.alpha, betaOverAlpha, p.gamma, phi, level, b);
}

/** -2·log-likelihood (up to a constant) of n one-step errors with sum of squares sse and Σ log ŷ. */
function runLik(n: number, sse: number, sumLog: number, mulError: boolean): number {
  if (!Number.isFinite(sse)) return Infinity;
  return n * Math.log(Math.max(sse, 1e-300)) + (mulError ? 2 * sumLog : 0);
}

function withoutSeason(
  y: Float64Array,
  mulError: boolean,
  hasTrend: boolean,
  alpha: number,
  betaOverAlpha: number,
  phi: number,
  l: number,
  b: number,
): number {
  const n = y.length;
  let sse = 0;
  let sumLog = 0;
  let product = 1;
  for (let t = 0; t < n; t++) {
    const phib = phi * b;
    const q = l + phib;
    const yt = y[t];
    let e: number;
    if (mulError) {
      if (!(q > 0)) return Infinity;
      e = (yt - q) / q;
      product *= q;
      if (product > PRODUCT_LIMIT || product < 1 / PRODUCT_LIMIT) {
        sumLog += Math.log(product);
        product = 1;
      }
    } else e = yt - q;
    sse += e * e;
    const lNew = q + alpha * (yt - q);
    if (hasTrend) b = phib + betaOverAlpha * (lNew - l - phib);
    l = lNew;
  }
  return runLik(n, sse, sumLog + Math.log(product), mulError);
}

function additiveSeason(
  y: Float64Array,
  m: number,
  season: Float64Array,
  mulError: boolean,
  hasTrend: boolean,
  alpha: number,
  betaOverAlpha: number,
  gamma: number,
  phi: number,
  l: number,
  b: number,
): number {
  const n = y.length;
  let sse = 0;
  let sumLog = 0;
  let product = 1;
  let k = 0;
  for (let t = 0; t < n; t++) {
    const phib = phi * b;
    const q = l + phib;
    const s = season[k];
    const yhat = q + s;
    const yt = y[t];
    let e: number;
    if (mulError) {
      if (!(yhat > 0)) return Infinity;
      e = (yt - yhat) / yhat;
      product *= yhat;
      if (product > PRODUCT_LIMIT || product < 1 / PRODUCT_LIMIT) {
        sumLog += Math.log(product);
        product = 1;
      }
    } else e = yt - yhat;
    sse += e * e;
    const lNew = q + alpha * (yt - s - q);
    if (hasTrend) b = phib + betaOverAlpha * (lNew - l - phib);
    season[k] = s + gamma * (yt - q - s);
    l = lNew;
    k = k + 1 === m ? 0 : k + 1;
  }
  return runLik(n, sse, sumLog + Math.log(product), mulError);
}

function multiplicativeSeason(
  y: Float64Array,
  m: number,
  season: Float64Array,
  mulError: boolean,
  hasTrend: boolean,
  alpha: number,
  betaOverAlpha: number,
  gamma: number,
  phi: number,
  l: number,
  b: number,
): number {
  const n = y.length;
  let sse = 0;
  let sumLog = 0;
  let product = 1;
  let k = 0;
  for (let t = 0; t < n; t++) {
    const phib = phi * b;
    const q = l + phib;
    const s = season[k];
    const yhat = q * s;
    const yt = y[t];
    let e: number;
    if (mulError) {
      if (!(yhat > 0)) return Infinity;
      e = (yt - yhat) / yhat;
      product *= yhat;
      if (product > PRODUCT_LIMIT || product < 1 / PRODUCT_LIMIT) {
        sumLog += Math.log(product);
        product = 1;
      }
    } else e = yt - yhat;
    sse += e * e;
    const lNew = q + alpha * (yt / s - q);
    if (hasTrend) b = phib + betaOverAlpha * (lNew - l - phib);
    if (!(q > 0)) return Infinity;
    season[k] = s + gamma * (yt / q - s);
    l = lNew;
    k = k + 1 === m ? 0 : k + 1;
  }
  return runLik(n, sse, sumLog + Math.log(product), mulError);
}
