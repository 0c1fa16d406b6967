import { EtsFit } from './ets.types';

/**
 * One-step-ahead errors of a fitted ETS model over its data, by replaying the recursion with the fitted
 * parameters and initial states: y − ŷ for additive errors, (y − ŷ) / ŷ for multiplicative ones (the
 * quantity whose variance is the model's sigma²). Non-finite errors (a multiplicative forecast of 0) are NaN.
 */
export function etsOneStepErrors(yRaw: readonly number[], fit: EtsFit): number[] {
  const { spec, params: p, m } = fit;
  const phi = spec.trend === 'Ad' ? p.phi : 1;
  const hasTrend = spec.trend !== 'N';
  const addSeason = spec.season === 'A';
  const mulSeason = spec.season === 'M';
  const season = fit.initial.season.slice();
  const errors: number[] = [];
  let l = fit.initial.level;
  let b = hasTrend ? fit.initial.trend : 0;
  let k = 0;
  for (const raw of yRaw) {
    const y = raw / fit.scale;
    const q = l + phi * b;
    const s = season[k];
    const yhat = mulSeason ? q * s : addSeason ? q + s : q;
    const e = spec.error === 'M' ? (y - yhat) / yhat : y - yhat;
    errors.push(Number.isFinite(e) ? e : NaN);
    const target = mulSeason ? y / s : addSeason ? y - s : y;
    const lNew = q + p.alpha * (target - q);
    if (hasTrend) b = phi * b + (p.beta / p.alpha) * (lNew - l - phi * b);
    if (mulSeason) season[k] = s + p.gamma * (y / q - s);
    else if (addSeason) season[k] = s + p.gamma * (y - q - s);
    l = lNew;
    k = k + 1 === m ? 0 : k + 1;
  }
  return errors;
}

function meanSquare(errors: readonly number[]): number {
  let sum = 0;
  let count = 0;
  for (const e of errors) {
    if (Number.isNaN(e)) continue;
    sum += e * e;
    count++;
  }
  return count > 0 ? sum / count : NaN;
}

/**
 * sqrt(mean e² over the last `window` errors / mean e² over all of them), leaving out the first `burnIn`
 * errors while the states settle. 1 when the series has no older part to compare with or the ratio is
 * undefined. ETS assumes one error variance for the whole history; over decades of weekly data the noise
 * level drifts, and the recent errors tell the current level better than the average.
 */
export function recentErrorScale(errors: readonly number[], window: number, burnIn: number): number {
  const settled = errors.slice(Math.min(burnIn, errors.length));
  if (settled.length <= window) return 1;
  const all = meanSquare(settled);
  const recent = meanSquare(settled.slice(settled.length - window));
  const ratio = Math.sqrt(recent / all);
  return Number.isFinite(ratio) && ratio > 0 ? ratio : 1;
}
