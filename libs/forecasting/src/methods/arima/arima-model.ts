import { nelderMead } from '../../core/nelder-mead';
import { difference } from './kpss';
import { packedArmaLikelihood } from './arima-likelihood';
import { cssObjective } from './css-objective';
import { leastSquares } from './least-squares';

export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  /** Intercept on the differenced scale (a mean when d = 0, a drift when d = 1). */
  constant: boolean;
}

export interface ArimaFit {
  order: ArimaOrder;
  ar: number[];
  ma: number[];
  intercept: number;
  /**
   * Innovation variance of the forecasts, as R's forecast package sets it on its fits: the residual sum of squares
   * over n − (number of coefficients), n the length of the differenced series. The criteria use their own σ².
   */
  sigma2: number;
  aicc: number;
  /** The differenced series, over which forecastArima runs the Kalman filter. */
  w: number[];
  /** Last d levels of each differencing stage, to integrate forecasts back. */
  tails: number[];
}

/** Step-down workspace, grown on demand: the test runs once per objective evaluation and must not allocate. */
let stepDown = new Float64Array(8);

/**
 * True when all roots of 1 - c1·z - ... - ck·z^k lie outside the unit circle, for c = sign·x[from, from + len)
 * (Schur-Cohn via Levinson step-down: every reflection coefficient inside (-1, 1)).
 */
function stationaryAt(x: ArrayLike<number>, from: number, len: number, sign: 1 | -1): boolean {
  if (stepDown.length < len) stepDown = new Float64Array(len);
  const a = stepDown;
  for (let i = 0; i < len; i++) a[i] = sign * x[from + i];
  for (let k = len; k >= 1; k--) {
    const r = a[k - 1];
    if (!(Math.abs(r) < 1)) return false;
    // a_j ← (a_j + r·a_{k−2−j})/(1 − r²) for j < k − 1, in place by pairs (j, k − 2 − j)
    const d = 1 - r * r;
    for (let j = 0, l = k - 2; j <= l; j++, l--) {
      const aj = a[j];
      const al = a[l];
      a[j] = (aj + r * al) / d;
      if (l !== j) a[l] = (al + r * aj) / d;
    }
  }
  return true;
}

export const isStationary = (coefs: readonly number[]): boolean => stationaryAt(coefs, 0, coefs.length, 1);

/** Stationary AR x[0, p) and invertible MA x[p, p + q) of packed coefficients. */
const admissibleAt = (x: readonly number[], p: number, q: number): boolean =>
  stationaryAt(x, 0, p, 1) && stationaryAt(x, p, q, -1);

/** Conditional-sum-of-squares residuals; residuals before t = p are zero. */
function cssResiduals(w: readonly number[], ar: readonly number[], ma: readonly number[], intercept: number): number[] {
  const p = ar.length;
  const q = ma.length;
  const e = new Array<number>(w.length).fill(0);
  for (let t = p; t < w.length; t++) {
    let pred = intercept;
    for (let i = 0; i < p; i++) pred += ar[i] * w[t - 1 - i];
    for (let j = 0; j < q && t - 1 - j >= 0; j++) pred += ma[j] * e[t - 1 - j];
    e[t] = w[t] - pred;
  }
  return e;
}

const coefficientCount = (o: ArimaOrder): number => o.p + o.q + (o.constant ? 1 : 0);

/** AICc with R's count of parameters: coefficients, the constant and σ²; n observations of the differenced series. */
function aicc(minus2LogL: number, order: ArimaOrder, n: number): number {
  const k = coefficientCount(order) + 1;
  return n - k - 1 > 0 ? minus2LogL + 2 * k + (2 * k * (k + 1)) / (n - k - 1) : Infinity;
}

/**
 * Conditional sum of squares as R's arima(method = "CSS"): σ² from the order's own residuals (t ≥ p), and
 * −2·log L = n·(log(2π·σ²) + 1) with n the length of the differenced series for every order. With one n for all
 * orders, rescaling the data by c shifts every order's criterion by the same n·log c² (the choice is free of
 * the unit), and no order is scored on fewer or more residuals than it has.
 */
function cssCriterion(w: readonly number[], order: ArimaOrder, ar: number[], ma: number[], intercept: number) {
  const e = cssResiduals(w, ar, ma, intercept);
  let sse = 0;
  for (let t = order.p; t < w.length; t++) sse += e[t] * e[t];
  const sigma2 = sse / (w.length - order.p);
  const minus2LogL = w.length * (Math.log(2 * Math.PI * Math.max(sigma2, 1e-300)) + 1);
  return { sigma2: sse / (w.length - coefficientCount(order)), aicc: aicc(minus2LogL, order, w.length) };
}

/**
 * Innovations of the long autoregression of the first Hannan-Rissanen stage. They depend only on the differenced
 * series and the lag, so one order search computes them once per lag instead of once per candidate order.
 */
export type InnovationCache = Map<number, number[] | undefined>;

function longArInnovations(w: readonly number[], longLag: number): number[] | undefined {
  const rows: number[][] = [];
  const target: number[] = [];
  for (let t = longLag; t < w.length; t++) {
    rows.push([1, ...Array.from({ length: longLag }, (_, i) => w[t - 1 - i])]);
    target.push(w[t]);
  }
  const beta = leastSquares(rows, target);
  if (!beta) return undefined;
  return w.map((v, t) => (t < longLag ? 0 : v - beta.reduce((s, b, i) => s + b * (i === 0 ? 1 : w[t - i]), 0)));
}

/** Hannan-Rissanen: long AR by OLS for innovations, then one regression on lagged values and innovations. */
function hannanRissanen(
  w: readonly number[],
  order: ArimaOrder,
  cache: InnovationCache,
): { ar: number[]; ma: number[]; intercept: number } | undefined {
  const { p, q, constant } = order;
  let innov: number[] = [];
  const longLag =
    q > 0 ? Math.min(Math.max(p + q + 2, Math.round(Math.log(w.length) ** 1.5)), Math.floor(w.length / 4)) : 0;
  if (q > 0) {
    if (longLag < 1) return undefined;
    if (!cache.has(longLag)) cache.set(longLag, longArInnovations(w, longLag));
    const cached = cache.get(longLag);
    if (!cached) return undefined;
    innov = cached;
  }
  const start = Math.max(p, q > 0 ? longLag + q : 0);
  if (w.length - start < p + q + 3) return undefined;
  const rows: number[][] = [];
  const target: number[] = [];
  for (let t = start; t < w.length; t++) {
    const row: number[] = constant ? [1] : [];
    for (let i = 0; i < p; i++) row.push(w[t - 1 - i]);
    for (let j = 0; j < q; j++) row.push(innov[t - 1 - j]);
    rows.push(row);
    target.push(w[t]);
  }
  if (rows[0].length === 0) return { ar: [], ma: [], intercept: 0 };
  const beta = leastSquares(rows, target);
  if (!beta) return undefined;
  const off = constant ? 1 : 0;
  return { intercept: constant ? beta[0] : 0, ar: beta.slice(off, off + p), ma: beta.slice(off + p) };
}

/** The series differenced d times, and the last level of each stage (to integrate forecasts back). */
export function differenced(y: readonly number[], d: number): { w: number[]; tails: number[] } {
  let w = y.slice();
  const tails: number[] = [];
  for (let i = 0; i < d; i++) {
    tails.push(w[w.length - 1]);
    w = difference(w);
  }
  return { w, tails };
}

/** Hannan-Rissanen only; then conditional sum of squares; then exact maximum likelihood (R's "CSS-ML"). */
export type ArimaEstimation = 'hr' | 'css' | 'ml';

const admissible = (ar: readonly number[], ma: readonly number[]): boolean =>
  admissibleAt([...ar, ...ma], ar.length, ma.length);

/**
 * Exact maximum likelihood from CSS estimates, over the coefficients and the mean of the differenced series
 * (the intercept is μ·(1 − Σφ)). Undefined when the likelihood cannot be evaluated at the start.
 */
function maximumLikelihood(w: readonly number[], order: ArimaOrder, start: Coefficients, scale: number) {
  const { p, q, constant } = order;
  const k = p + q;
  const sumAr = (a: readonly number[]): number => a.reduce((s, v) => s + v, 0);
  const unpack = (x: readonly number[]) => ({ ar: x.slice(0, p), ma: x.slice(p, k), mean: constant ? x[k] : 0 });
  const likelihood = (x: readonly number[]) =>
    admissibleAt(x, p, q) ? packedArmaLikelihood(w, x, p, q, constant ? x[k] : 0) : undefined;
  const x0 = [...start.ar, ...start.ma, ...(constant ? [start.intercept / (1 - sumAr(start.ar))] : [])];
  // coefficients from the default 10 % step; the mean by a tenth of the innovation sd (the unit of the data)
  const steps = x0.map((v, i) => (i < k ? (Math.abs(v) > 1e-8 ? 0.1 * Math.abs(v) : 0.05) : 0.1 * scale));
  const opt =
    x0.length > 0
      ? nelderMead((x) => likelihood(x)?.minus2LogL ?? Infinity, x0, { maxEvaluations: 100 * x0.length, steps })
      : { x: x0 };
  const ml = likelihood(opt.x);
  if (!ml) return undefined;
  const { ar, ma, mean } = unpack(opt.x);
  return { ar, ma, intercept: mean * (1 - sumAr(ar)), ...ml };
}

interface Coefficients {
  ar: number[];
  ma: number[];
  intercept: number;
}

/**
 * Fits ARIMA(p,d,q) by Hannan-Rissanen, then (estimation 'css' or 'ml') by CSS with Nelder-Mead from there, then
 * ('ml') by exact maximum likelihood from the CSS estimates, as R's default arima method. The AICc is the one of
 * the last stage. A search over orders of one series and one d passes the same cache to every fit.
 */
export function fitArima(
  y: readonly number[],
  order: ArimaOrder,
  estimation: ArimaEstimation = 'hr',
  cache: InnovationCache = new Map(),
): ArimaFit | undefined {
  const { w, tails } = differenced(y, order.d);
  if (w.length < order.p + order.q + 8) return undefined;
  const hr = hannanRissanen(w, order, cache);
  if (!hr || !admissible(hr.ar, hr.ma)) return undefined;
  let coefs: Coefficients = hr;
  const k = order.p + order.q;
  if (estimation !== 'hr' && k > 0) {
    const sigma2 = cssObjective(w, order.p, order.q, order.constant);
    // unconstrained, as R's CSS (its optim on the raw coefficients): a fit that ends near or past a unit root is
    // dropped by the search's root rule, not kept by a barrier at the boundary
    const objective = (x: readonly number[]): number => {
      const v = sigma2(x);
      return Number.isFinite(v) ? v : Infinity;
    };
    const x0 = [...hr.ar, ...hr.ma, ...(order.constant ? [hr.intercept] : [])];
    // the simplex can collapse before a minimum on these ridges: one restart from where it stopped (on M4 Weekly's
    // order searches it lowers the CSS of a fifth of the fits). Measured and not taken: Levenberg-Marquardt on the
    // exact Jacobian, from the same start or after one simplex pass, ends at a CSS as low on at most 98 % of those
    // fits and up to 13-33 % higher on others (other local minima, often near a unit root), and costs more a fit
    let opt = nelderMead(objective, x0, { relTol: 1e-8 });
    opt = nelderMead(objective, opt.x, { relTol: 1e-8 });
    if (Number.isFinite(opt.value))
      coefs = { ar: opt.x.slice(0, order.p), ma: opt.x.slice(order.p, k), intercept: order.constant ? opt.x[k] : 0 };
  }
  const css = cssCriterion(w, order, coefs.ar, coefs.ma, coefs.intercept);
  const fit: ArimaFit = { order, ...coefs, sigma2: css.sigma2, aicc: css.aicc, w, tails };
  return estimation === 'ml' ? refineByMaximumLikelihood(fit) : fit;
}

/**
 * The exact maximum-likelihood stage of fitArima on a CSS fit (estimation 'css'), started from its estimates:
 * what fitArima(y, fit.order, 'ml') returns, without repeating the Hannan-Rissanen and CSS stages. The CSS fit
 * itself when the likelihood cannot be evaluated.
 */
export function refineByMaximumLikelihood(fit: ArimaFit): ArimaFit {
  const { order, w } = fit;
  const ml = maximumLikelihood(w, order, fit, Math.sqrt(fit.sigma2));
  if (!ml) return fit;
  const { minus2LogL, sigma2, ...estimates } = ml;
  // the likelihood's σ² is Σ v²/F over n; the forecasts' is the same sum over n − coefficients (see ArimaFit)
  const n = w.length;
  return {
    ...fit,
    ...estimates,
    sigma2: (sigma2 * n) / (n - coefficientCount(order)),
    aicc: aicc(minus2LogL, order, n),
  };
}
