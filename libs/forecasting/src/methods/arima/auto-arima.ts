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

type Candidate = [p: number, q: number, constant: boolean];

/**
 * Hyndman-Khandakar stepwise search (non-seasonal) in R's auto.arima order: d by KPSS; the start models
 * (2,d,2), (0,d,0), (1,d,0), (0,d,1) with the constant and (0,d,0) without, each kept when it lowers the AICc;
 * then the neighbours p−1, q−1, p+1, q+1, (p−1,q−1), (p−1,q+1), (p+1,q−1), (p+1,q+1) and the constant toggled,
 * tried in that order and each adopted as soon as it lowers the AICc (the next neighbourhood is then the new
 * model's), until a whole neighbourhood brings nothing new; p and q at most 5 and a third of the length.
 * As R's auto.arima: up to 150 points every candidate is fitted by exact maximum likelihood (CSS start,
 * Kalman-filter likelihood) and compared by that AICc; longer series are searched by the CSS criterion of CSS
 * estimates (Hannan-Rissanen start) and then refitted by exact maximum likelihood in increasing order of that
 * criterion, the first refit that is clear of the unit roots being the model. Every criterion is taken over the
 * whole differenced series, one n for all orders.
 */
export function autoArima(y: readonly number[]): ArimaFit | undefined {
  const approximate = y.length > APPROXIMATE_ABOVE;
  const search: ArimaEstimation = approximate ? 'css' : 'ml';
  const d = ndiffs(y);
  const allowConstant = d <= 1;
  const maxP = Math.min(MAX_P, Math.floor(y.length / 3));
  const maxQ = Math.min(MAX_Q, Math.floor(y.length / 3));
  const keyOf = ([p, q, c]: Candidate): string => `${p},${q},${c}`;
  // fit: the candidate when clear of the unit roots (else its criterion is infinite); raw: the fit itself
  const tried = new Map<string, { fit: ArimaFit | undefined; raw: ArimaFit | undefined }>();
  const innovations: InnovationCache = new Map();
  const criterion = (f: ArimaFit | undefined): number => (f && Number.isFinite(f.aicc) ? f.aicc : Infinity);
  const attempt = (c: Candidate): ArimaFit | undefined => {
    const key = keyOf(c);
    if (!tried.has(key)) {
      const fit = fitArima(y, { p: c[0], d, q: c[1], constant: c[2] }, search, innovations);
      tried.set(key, { fit: fit && clearOfUnitRoots(fit) ? fit : undefined, raw: fit });
    }
    return tried.get(key)?.fit;
  };
  let current: Candidate = [
    Math.min(y.length < 10 ? 1 : 2, maxP),
    Math.min(y.length < 10 ? 1 : 2, maxQ),
    allowConstant,
  ];
  let best = attempt(current);
  // the start models; as in R, a start without the constant does not change the constant of later moves
  const starts: [Candidate, boolean][] = [
    [[0, 0, allowConstant], true],
    [[1, 0, allowConstant], maxP > 0],
    [[0, 1, allowConstant], maxQ > 0],
    [[0, 0, false], allowConstant],
  ];
  for (const [c, allowed] of starts) {
    if (!allowed) continue;
    const f = attempt(c);
    if (criterion(f) < criterion(best)) {
      best = f;
      current = [c[0], c[1], current[2]];
    }
  }
  let moved = true;
  // (R's cap of 94 models never binds: there are at most 6·6·2 orders)
  while (moved) {
    moved = false;
    const [p, q, c] = current;
    const moves: [Candidate, boolean][] = [
      [[p - 1, q, c], p > 0],
      [[p, q - 1, c], q > 0],
      [[p + 1, q, c], p < maxP],
      [[p, q + 1, c], q < maxQ],
      [[p - 1, q - 1, c], p > 0 && q > 0],
      [[p - 1, q + 1, c], p > 0 && q < maxQ],
      [[p + 1, q - 1, c], p < maxP && q > 0],
      [[p + 1, q + 1, c], p < maxP && q < maxQ],
      [[p, q, !c], allowConstant],
    ];
    for (const [move, allowed] of moves) {
      if (!allowed || tried.has(keyOf(move))) continue;
      const f = attempt(move);
      if (criterion(f) < criterion(best)) {
        best = f;
        current = move;
        moved = true;
        break;
      }
    }
  }
  if (!approximate) return best && Number.isFinite(best.aicc) ? best : undefined;
  // every CSS fit is the start of its maximum-likelihood refit (R refits from the CSS estimates too); the
  // candidates of infinite criterion last, in the order they were tried (R's stable order())
  const ranked = [...tried.values()].sort((a, b) => {
    const ca = criterion(a.fit);
    const cb = criterion(b.fit);
    return ca === cb ? 0 : ca < cb ? -1 : 1;
  });
  for (const { raw } of ranked) {
    const refit = raw && refineByMaximumLikelihood(raw);
    if (refit && Number.isFinite(refit.aicc) && clearOfUnitRoots(refit)) return refit;
  }
  return undefined;
}

/**
 * The model autoArima would end with had its search chosen `order`: estimated as it estimates its final model (exact
 * maximum likelihood; from the CSS estimates above APPROXIMATE_ABOVE values), undefined unless clear of the unit
 * roots with a finite criterion, as autoArima requires. The order's d stands (it is part of the structure).
 */
export function arimaOfOrder(y: readonly number[], order: ArimaOrder): ArimaFit | undefined {
  const approximate = y.length > APPROXIMATE_ABOVE;
  const fit = fitArima(y, order, approximate ? 'css' : 'ml');
  const model = fit && approximate ? refineByMaximumLikelihood(fit) : fit;
  return model && Number.isFinite(model.aicc) && clearOfUnitRoots(model) ? model : undefined;
}
