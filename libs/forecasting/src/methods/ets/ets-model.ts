import { nelderMead } from '../../core/nelder-mead';
import { additiveSeasonalIndices, multiplicativeSeasonalIndices } from '../decomposition';
import { PRODUCT_LIMIT, etsRunLikelihood } from './ets-likelihood-kernel';
import { EtsFit, EtsParams, EtsSpec, EtsStates } from './ets.types';

// The usual parameter region of Hyndman et al. (2008, §5): what R's ets() calls bounds = "usual".
const LOWER = 1e-4;
const UPPER = 0.9999;
const PHI_MIN = 0.8;
const PHI_MAX = 0.98;

/** Scratch season ring of etsLikelihood: a typed array (no holes, unboxed doubles), reused because the
 * recursion is synchronous and never re-entered. */
let ring = new Float64Array(64);

/**
 * Runs the ETS recursions over y from the given initial states and returns -2·log-likelihood
 * (up to a constant), or Infinity when a multiplicative component meets a non-positive value.
 * Error-correction updates written in terms of y are the same for additive and multiplicative
 * errors; only the likelihood differs (as in R's etscalc). errorsOut, when given, receives the
 * one-step errors (relative ones for multiplicative errors); stops, when given, the states at points on the way.
 * The multiplicative-error term Σ log ŷ is taken as the log of the running product of the ŷ, folded into
 * the sum whenever the product leaves [1/PRODUCT_LIMIT, PRODUCT_LIMIT]: one logarithm per call instead of
 * one per point (the logarithm was a third of the fitting time), equal to the sum up to rounding.
 */
export function etsLikelihood(
  y: ArrayLike<number>,
  spec: EtsSpec,
  m: number,
  p: EtsParams,
  init: EtsStates,
  seasonOut?: number[],
  errorsOut?: number[],
  stops?: RunStops,
): { lik: number; sse: number; level: number; trend: number } {
  const n = y.length;
  const hasTrend = spec.trend !== 'N';
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const addSeason = spec.season === 'A';
  const mulSeason = spec.season === 'M';
  const mulError = spec.error === 'M';
  if (ring.length < m) ring = new Float64Array(m);
  const season = ring;
  for (let i = 0; i < m; i++) season[i] = init.season[i];
  const alpha = p.alpha;
  const gamma = p.gamma;
  const betaOverAlpha = p.beta / p.alpha;
  let l = init.level;
  let b = hasTrend ? init.trend : 0;
  let sse = 0;
  let sumLog = 0;
  let product = 1;
  let admissible = true;
  let k = 0;
  let stop = 0;
  // an origin at 0 is the initial states
  while (stops && stops.at[stop] === 0)
    stops.out[stop++] = {
      level: l,
      trend: b,
      season: Array.from(season.subarray(0, m)),
      lik: runLik(0, 0, 0, mulError),
    };
  let nextStop = stops?.at[stop] ?? -1;
  for (let t = 0; t < n; t++) {
    const phib = phi * b;
    const q = l + phib;
    const s = season[k];
    const yhat = mulSeason ? q * s : addSeason ? q + s : q;
    const yt = y[t];
    let e: number;
    if (mulError) {
      if (!(yhat > 0)) {
        admissible = false;
        break;
      }
      e = (yt - yhat) / yhat;
      product *= yhat;
      if (product > PRODUCT_LIMIT || product < 1 / PRODUCT_LIMIT) {
        sumLog += Math.log(product);
        product = 1;
      }
    } else e = yt - yhat;
    sse += e * e;
    if (errorsOut !== undefined) errorsOut.push(e);
    const target = mulSeason ? yt / s : addSeason ? yt - s : yt;
    const lNew = q + alpha * (target - q);
    if (hasTrend) b = phib + betaOverAlpha * (lNew - l - phib);
    if (mulSeason) {
      if (!(q > 0)) {
        admissible = false;
        break;
      }
      season[k] = s + gamma * (yt / q - s);
    } else if (addSeason) season[k] = s + gamma * (yt - q - s);
    l = lNew;
    k = k + 1 === m ? 0 : k + 1;
    while (t + 1 === nextStop) {
      const lik = Number.isFinite(sse) ? runLik(t + 1, sse, sumLog + Math.log(product), mulError) : Infinity;
      stops!.out.push({ level: l, trend: b, season: Array.from(season.subarray(0, m)), lik });
      nextStop = stops!.at[++stop] ?? -1;
    }
  }
  // stops the run did not reach (it stopped at an inadmissible point) get the states where it stopped
  for (; stops && stop < stops.at.length; stop++)
    stops.out.push({ level: l, trend: b, season: Array.from(season.subarray(0, m)), lik: Infinity });
  if (seasonOut) for (let i = 0; i < m; i++) seasonOut[i] = season[i];
  if (!admissible) return { lik: Infinity, sse: Infinity, level: l, trend: b };
  if (!Number.isFinite(sse)) return { lik: Infinity, sse, level: l, trend: b };
  return { lik: runLik(n, sse, sumLog + Math.log(product), mulError), sse, level: l, trend: b };
}

/** -2·log-likelihood (up to a constant) of n one-step errors with sum of squares sse and Σ log ŷ. */
const runLik = (n: number, sse: number, sumLog: number, mulError: boolean) =>
  n * Math.log(Math.max(sse, 1e-300)) + (mulError ? 2 * sumLog : 0);

/** States (and the run's -2·log-likelihood) after the first `at[i]` points of a run, `at` ascending, no repeats. */
interface RunStops {
  at: readonly number[];
  out: Array<EtsStates & { lik: number }>;
}

/** R's initstate heuristic: seasonal states from a decomposition of the first 3 seasons, level/trend by OLS. */
export function initialStates(y: readonly number[], spec: EtsSpec, m: number): EtsStates {
  let season = new Array<number>(m).fill(spec.season === 'M' ? 1 : 0);
  let adjusted: readonly number[] = y;
  if (spec.season !== 'N') {
    const head = y.slice(0, Math.min(y.length, 3 * m));
    season = spec.season === 'M' ? multiplicativeSeasonalIndices(head, m) : additiveSeasonalIndices(head, m);
    adjusted = y.map((v, t) => (spec.season === 'M' ? v / season[t % m] : v - season[t % m]));
  }
  const maxn = Math.min(Math.max(10, 2 * m), adjusted.length);
  if (spec.trend === 'N') {
    let s = 0;
    for (let t = 0; t < maxn; t++) s += adjusted[t];
    return { level: s / maxn, trend: 0, season };
  }
  // least squares on t = 1..maxn: the intercept is the level one step before the first observation
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (let t = 0; t < maxn; t++) {
    const x = t + 1;
    sx += x;
    sy += adjusted[t];
    sxx += x * x;
    sxy += x * adjusted[t];
  }
  const slope = maxn > 1 ? (maxn * sxy - sx * sy) / (maxn * sxx - sx * sx) : 0;
  return { level: (sy - slope * sx) / maxn, trend: slope, season };
}

type Layout = { hasTrend: boolean; hasSeason: boolean; damped: boolean };
const PARAMS: EtsParams = { alpha: 0, beta: 0, gamma: 0, phi: 1 };

/** The parameters and initial states packed in x, written into p and s (the objective reuses one pair per fit). */
function unpack(x: readonly number[], lay: Layout, base: EtsStates, p = { ...PARAMS }, s = { ...base }) {
  let i = 0;
  p.alpha = x[i++];
  p.beta = lay.hasTrend ? x[i++] : 0;
  p.gamma = lay.hasSeason ? x[i++] : 0;
  p.phi = lay.damped ? x[i++] : 1;
  s.level = x[i++];
  s.trend = lay.hasTrend ? x[i] : 0;
  return { p, s };
}

function inRegion(p: EtsParams, lay: Layout): boolean {
  if (p.alpha < LOWER || p.alpha > UPPER) return false;
  if (lay.hasTrend && (p.beta < LOWER || p.beta > p.alpha)) return false;
  if (lay.hasSeason && (p.gamma < LOWER || p.gamma > 1 - p.alpha)) return false;
  if (lay.damped && (p.phi < PHI_MIN || p.phi > PHI_MAX)) return false;
  return true;
}

/**
 * Fits one ETS model by maximum likelihood (Nelder-Mead over smoothing parameters and the initial
 * level/trend; seasonal initial states from the heuristic, counted as parameters in the AICc).
 * Returns undefined when the model cannot be fitted to these data.
 */
export function fitEts(yRaw: readonly number[], spec: EtsSpec, m: number): EtsFit | undefined {
  const mm = spec.season === 'N' ? 1 : m;
  const n = yRaw.length;
  // multiplicative components model relative changes: undefined for non-positive data
  if ((spec.error === 'M' || spec.season === 'M') && yRaw.some((v) => v <= 0)) return undefined;
  let scale = 0;
  for (const v of yRaw) scale += Math.abs(v);
  scale = scale > 0 ? scale / n : 1;
  const y = Float64Array.from(yRaw, (v) => v / scale);
  const lay: Layout = { hasTrend: spec.trend !== 'N', hasSeason: spec.season !== 'N', damped: spec.trend === 'Ad' };
  const init = initialStates(Array.from(y), spec, mm);
  if (!init.season.every(Number.isFinite) || (spec.season === 'M' && init.season.some((s) => s <= 0))) return undefined;
  const x0: number[] = [lay.hasSeason ? 0.2 : 0.3];
  const steps: number[] = [0.1];
  if (lay.hasTrend) {
    x0.push(0.05);
    steps.push(0.03);
  }
  if (lay.hasSeason) {
    x0.push(0.05);
    steps.push(0.03);
  }
  if (lay.damped) {
    x0.push(0.95);
    steps.push(0.02);
  }
  x0.push(init.level);
  steps.push(Math.max(Math.abs(init.level) * 0.05, 0.01));
  if (lay.hasTrend) {
    x0.push(init.trend);
    steps.push(Math.max(Math.abs(init.trend) * 0.5, 0.005));
  }
  const np = x0.length + (lay.hasSeason ? mm - 1 : 0) + 1;
  if (n <= np + 1) return undefined;
  const reused = unpack(x0, lay, init);
  const objective = (x: readonly number[]): number => {
    const { p, s } = unpack(x, lay, init, reused.p, reused.s);
    return inRegion(p, lay) ? etsRunLikelihood(y, spec, mm, p, s.level, s.trend, s.season) : Infinity;
  };
  const opt = nelderMead(objective, x0, { steps, maxEvaluations: 60 * x0.length, relTol: 1e-5 });
  if (!Number.isFinite(opt.value)) return undefined;
  const { p, s } = unpack(opt.x, lay, init);
  const season = new Array<number>(mm);
  const run = etsLikelihood(y, spec, mm, p, s, season);
  const aic = run.lik + 2 * np;
  const aicc = aic + (2 * np * (np + 1)) / (n - np - 1);
  return {
    spec,
    m: mm,
    params: p,
    initial: s,
    final: { level: run.level, trend: run.trend, season },
    n,
    sigma2: run.sse / Math.max(n - np, 1),
    lik: run.lik,
    aicc,
    np,
    scale,
  };
}

/** Point forecasts (the recursion with zero future errors) and per-step standard deviations. */
export function forecastEts(fit: EtsFit, h: number): { mean: number[]; sigma: number[] } {
  const { spec, params: p, final, n, m } = fit;
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const mean: number[] = [];
  let phiSum = 0;
  let phiPow = 1;
  for (let i = 0; i < h; i++) {
    phiPow *= phi;
    phiSum += phiPow;
    const q = final.level + (spec.trend === 'N' ? 0 : phiSum * final.trend);
    const s = final.season[(n + i) % m];
    mean.push((spec.season === 'M' ? q * s : spec.season === 'A' ? q + s : q) * fit.scale);
  }
  // variance multipliers of the linear (class 1) models; for multiplicative errors applied relative to the mean
  const sigma: number[] = [];
  let sumC2 = 0;
  for (let i = 0; i < h; i++) {
    const v = fit.sigma2 * (1 + sumC2);
    sigma.push(spec.error === 'M' ? Math.abs(mean[i]) * Math.sqrt(v) : Math.sqrt(v) * fit.scale);
    const j = i + 1;
    const trendPart =
      spec.trend === 'N' ? 0 : spec.trend === 'A' ? p.beta * j : (p.beta * phi * (1 - phi ** j)) / (1 - phi);
    const seasonPart = spec.season !== 'N' && j % m === 0 ? p.gamma : 0;
    const c = p.alpha + trendPart + seasonPart;
    sumC2 += c * c;
  }
  return { mean, sigma };
}

/**
 * The fit run, with its parameters and initial states unchanged, over a leading part of its data (or a longer
 * series): the states after that part's last point, so that forecastEts forecasts from there (a rolling origin
 * without a refit), and the run's own `lik`, Infinity when a multiplicative component met a value at or below zero
 * (the states are then those where the run stopped).
 */
export function etsAtOrigin(fit: EtsFit, y: readonly number[], origin: number): EtsFit {
  return etsAtOrigins(fit, y, [origin])[0];
}

/**
 * etsAtOrigin at each of `origins` (in their order) from one run over the points before the latest: the states of
 * every earlier origin are read on the way (a run per origin costs the sum of their lengths).
 */
export function etsAtOrigins(fit: EtsFit, y: readonly number[], origins: readonly number[]): EtsFit[] {
  const at = [...new Set(origins)].sort((a, b) => a - b);
  const last = at[at.length - 1] ?? 0;
  const scaled = new Float64Array(last);
  for (let t = 0; t < last; t++) scaled[t] = y[t] / fit.scale;
  const stops: RunStops = { at, out: [] };
  etsLikelihood(scaled, fit.spec, fit.m, fit.params, fit.initial, undefined, undefined, stops);
  const byOrigin = new Map(at.map((origin, i) => [origin, stops.out[i]]));
  return origins.map((origin) => {
    const { lik, ...final } = byOrigin.get(origin)!;
    return { ...fit, n: origin, lik, final };
  });
}
