import {
  ArimaEstimation,
  ArimaFit,
  ArimaOrder,
  InnovationCache,
  fitArima,
  isStationary,
  refineByMaximumLikelihood,
} from './arima-model';
import { ndiffs } from './kpss';

const MAX_P = 5;
const MAX_Q = 5;
const MAX_STEPS = 40;

/** R's auto.arima approximates the search above this length (R: length > 150 or frequency > 12; m = 1 here). */
const APPROXIMATE_ABOVE = 150;

/**
 * R's auto.arima drops a model with an AR or MA root inside |z| < 1.01 (near non-stationary or non-invertible:
 * unstable forecasts, and an MA near a unit root is often a sign of over-differencing). The roots of
 * 1 − Σ c_i·z^i lie outside radius ρ exactly when those of 1 − Σ c_i·ρ^i·z^i lie outside the unit circle.
 */
const MIN_ROOT = 1.01;
const rootsClear = (coefs: readonly number[]): boolean => isStationary(coefs.map((c, i) => c * MIN_ROOT ** (i + 1)));
const clearOfUnitRoots = (f: ArimaFit): boolean => rootsClear(f.ar) && rootsClear(f.ma.map((m) => -m));

/**
 * Hyndman-Khandakar stepwise search (non-seasonal): d by KPSS, then from the best of four starting
 * models move to any neighbour (p±1, q±1, both, constant toggled) that lowers the AICc. As R's auto.arima:
 * up to 150 points every candidate is fitted by exact maximum likelihood (CSS start, Kalman-filter likelihood)
 * and compared by that AICc; longer series are searched by the CSS criterion of CSS estimates (Hannan-Rissanen
 * start) and the winner is refitted by exact maximum likelihood. Every criterion is taken over the whole
 * differenced series, one n for all orders.
 */
export function autoArima(y: readonly number[]): ArimaFit | undefined {
  const search: ArimaEstimation = y.length > APPROXIMATE_ABOVE ? 'css' : 'ml';
  const d = ndiffs(y);
  const allowConstant = d <= 1;
  const tried = new Map<string, ArimaFit | undefined>();
  const innovations: InnovationCache = new Map();
  const attempt = (o: ArimaOrder): ArimaFit | undefined => {
    if (o.p < 0 || o.q < 0 || o.p > MAX_P || o.q > MAX_Q || (o.constant && !allowConstant)) return undefined;
    const key = `${o.p},${o.q},${o.constant}`;
    if (!tried.has(key)) {
      const fit = fitArima(y, o, search, innovations);
      tried.set(key, fit && clearOfUnitRoots(fit) ? fit : undefined);
    }
    return tried.get(key);
  };
  let best: ArimaFit | undefined;
  const consider = (f: ArimaFit | undefined): boolean => {
    if (f && Number.isFinite(f.aicc) && (!best || f.aicc < best.aicc - 1e-9)) {
      best = f;
      return true;
    }
    return false;
  };
  for (const [p, q] of [
    [2, 2],
    [0, 0],
    [1, 0],
    [0, 1],
  ])
    consider(attempt({ p, d, q, constant: allowConstant }));
  for (let step = 0; step < MAX_STEPS && best; step++) {
    const { p, q, constant } = best.order;
    const moves: [number, number, boolean][] = [
      [p - 1, q, constant],
      [p + 1, q, constant],
      [p, q - 1, constant],
      [p, q + 1, constant],
      [p - 1, q - 1, constant],
      [p + 1, q + 1, constant],
      [p - 1, q + 1, constant],
      [p + 1, q - 1, constant],
      [p, q, !constant],
    ];
    let improved = false;
    for (const [np, nq, c] of moves) if (consider(attempt({ p: np, d, q: nq, constant: c }))) improved = true;
    if (!improved) break;
  }
  if (!best || search === 'ml') return best;
  // the winner's CSS fit is the start of its maximum-likelihood refit (R refits from the CSS estimates too)
  const refit = refineByMaximumLikelihood(best);
  return clearOfUnitRoots(refit) ? refit : best;
}
