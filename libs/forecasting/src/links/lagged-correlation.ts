import { normalCdf } from '../period-end/seeded-random';

export interface LinkAnalysisInput {
  /** Cause and effect series on the same equally spaced steps (e.g. daily), oldest first, same length. */
  cause: readonly number[];
  effect: readonly number[];
  /** Largest lag (in steps) to test; lags 0..maxLag are tried. */
  maxLag: number;
  /** Expected sign of the relation from the strategy map. */
  polarity?: 'positive' | 'negative';
  /** Significance level after correction for the number of lags tried. */
  alpha?: number;
}

export interface LagCorrelation {
  lag: number;
  r: number;
  n: number;
  /**
   * Robust test statistic of no cross-correlation, sum(x y) / sqrt(sum(x^2 y^2)) over the centred pairs: N(0, 1)
   * under independence whatever the pattern of the changes (Dalla, Giraitis and Phillips 2022), where Fisher's z
   * takes every pair as equally informative (a KPI read monthly changes on one day in 30).
   */
  z: number;
  /** Least-squares slope of the effect on the cause (pre-whitened differences) and its robust standard error. */
  slope: number;
  slopeStdError: number;
}

export interface LinkEstimate {
  /** Lag with the strongest correlation, in steps; null when there is too little data. */
  lag: number | null;
  strength: number | null;
  /** Of the robust statistic at the chosen lag (see LagCorrelation.z), Bonferroni-corrected over the lags tried. */
  pValue: number | null;
  significant: boolean;
  /** Significant and with the sign the strategy map expects. */
  supportsHypothesis: boolean;
  /**
   * Effect change per unit of cause change at the chosen lag (regression on the pre-whitened differences), with its
   * standard error: a lasting step of d in the cause shifts the effect by slope * d, lag steps later.
   */
  slope: number | null;
  slopeStdError: number | null;
  /** Paired points at the chosen lag. */
  points: number;
  /** AR order used to pre-whiten the cause. */
  prewhiteningOrder: number;
  correlations: LagCorrelation[];
  note?: string;
}

/** Fewer paired points than this and no estimate is made. */
export const MIN_LINK_POINTS = 20;

/**
 * Tests a cause→effect hypothesis on two KPI histories. Both series are differenced (levels of trending series
 * correlate spuriously), the cause is pre-whitened with an AR model and the same filter applied to the effect (so
 * autocorrelation in the cause does not smear the cross-correlation over many lags), then the cross-correlation at
 * each lag is tested with a robust z (see LagCorrelation.z) and a Bonferroni correction for the lags tried.
 */
export function estimateLink(input: LinkAnalysisInput): LinkEstimate {
  const n = Math.min(input.cause.length, input.effect.length);
  const x = difference(input.cause.slice(input.cause.length - n));
  const y = difference(input.effect.slice(input.effect.length - n));
  const maxLag = Math.max(0, Math.min(input.maxLag, Math.floor(x.length / 3)));
  if (x.length - maxLag < MIN_LINK_POINTS)
    return insufficient(x.length, `needs at least ${MIN_LINK_POINTS + maxLag + 1} points per series`);

  // the filter's order may not eat into the points the widest lag needs
  const phi = fitAr(x, Math.max(0, x.length - maxLag - MIN_LINK_POINTS));
  const xw = applyFilter(x, phi);
  const yw = applyFilter(y, phi);
  const correlations: LagCorrelation[] = [];
  for (let lag = 0; lag <= maxLag; lag++) correlations.push({ lag, ...pearson(xw, yw, lag) });

  const usable = correlations.filter((c) => c.n >= MIN_LINK_POINTS && Number.isFinite(c.r) && Number.isFinite(c.z));
  if (usable.length === 0) return insufficient(x.length, 'a series is constant');
  const best = usable.reduce((a, b) => (Math.abs(b.r) > Math.abs(a.r) ? b : a));
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.abs(best.z))) * usable.length);
  const significant = pValue < (input.alpha ?? 0.05);
  const expectedSign = input.polarity === 'negative' ? -1 : 1;
  return {
    lag: best.lag,
    strength: best.r,
    pValue,
    significant,
    supportsHypothesis: significant && Math.sign(best.r) === expectedSign,
    slope: best.slope,
    slopeStdError: best.slopeStdError,
    points: best.n,
    prewhiteningOrder: phi.length,
    correlations,
  };
}

function insufficient(points: number, note: string): LinkEstimate {
  return {
    lag: null,
    strength: null,
    pValue: null,
    significant: false,
    supportsHypothesis: false,
    slope: null,
    slopeStdError: null,
    points,
    prewhiteningOrder: 0,
    correlations: [],
    note,
  };
}

function difference(values: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < values.length; i++) out.push(values[i] - values[i - 1]);
  return out;
}

/** Correlation of x[t] with y[t + lag], its robust z, and the slope of y[t + lag] on x[t] with its standard error. */
function pearson(
  x: readonly number[],
  y: readonly number[],
  lag: number,
): { r: number; n: number; z: number; slope: number; slopeStdError: number } {
  const n = Math.min(x.length, y.length - lag);
  let sx = 0,
    sy = 0;
  for (let t = 0; t < n; t++) {
    sx += x[t];
    sy += y[t + lag];
  }
  const mx = sx / n,
    my = sy / n;
  let sxy = 0,
    sxx = 0,
    syy = 0,
    sxxyy = 0;
  for (let t = 0; t < n; t++) {
    const dx = x[t] - mx,
      dy = y[t + lag] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
    sxxyy += dx * dx * dy * dy;
  }
  const r = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
  const z = sxxyy > 0 ? sxy / Math.sqrt(sxxyy) : NaN;
  const slope = sxx > 0 ? sxy / sxx : NaN;
  // heteroskedasticity-consistent (HC1): sum(x^2 e^2) / sxx^2 times n / (n - 2); the least-squares one spreads the
  // residuals of the few days a KPI read monthly changes over all n - 2, as if every day were as informative
  let sxxee = 0;
  for (let t = 0; t < n; t++) {
    const dx = x[t] - mx;
    const e = y[t + lag] - my - slope * dx;
    sxxee += dx * dx * e * e;
  }
  const slopeStdError = sxx > 0 && n > 2 ? Math.sqrt((sxxee / (sxx * sxx)) * (n / (n - 2))) : NaN;
  return { r, n, z, slope, slopeStdError };
}

/**
 * AR coefficients by Yule-Walker (Levinson-Durbin), order chosen by AIC up to R's ar() default of 10 log10(n): a
 * lower cap leaves a weekly pattern in daily changes (lag 7) in the cause, and the cross-correlations of an
 * unwhitened cause vary more than the 1/n their test assumes (Bartlett), so independent series test significant.
 */
function fitAr(x: readonly number[], limit: number): number[] {
  const n = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const maxOrder = Math.min(limit, n - 1, Math.floor(10 * Math.log10(n)));
  const acov = Array.from({ length: maxOrder + 1 }, (_, k) => {
    let s = 0;
    for (let t = k; t < n; t++) s += (x[t] - mean) * (x[t - k] - mean);
    return s / n;
  });
  if (acov[0] <= 0) return [];
  let best: number[] = [];
  let bestAic = n * Math.log(acov[0]);
  let phi: number[] = [];
  let sigma2 = acov[0];
  for (let p = 1; p <= maxOrder; p++) {
    let num = acov[p];
    for (let j = 0; j < p - 1; j++) num -= phi[j] * acov[p - 1 - j];
    const k = num / sigma2;
    const next = phi.map((v, j) => v - k * phi[p - 2 - j]);
    next.push(k);
    phi = next;
    sigma2 *= 1 - k * k;
    if (sigma2 <= 0) break;
    const aic = n * Math.log(sigma2) + 2 * p;
    if (aic < bestAic) {
      bestAic = aic;
      best = [...phi];
    }
  }
  return best;
}

/** e[t] = x[t] - Σ phi_i x[t-i], from t = p on. */
function applyFilter(x: readonly number[], phi: readonly number[]): number[] {
  const out: number[] = [];
  for (let t = phi.length; t < x.length; t++) {
    let v = x[t];
    for (let i = 0; i < phi.length; i++) v -= phi[i] * x[t - 1 - i];
    out.push(v);
  }
  return out;
}
