import { etsLikelihood } from './ets-model';
import { EtsFit } from './ets.types';

/**
 * One-step-ahead errors of a fitted ETS model over its data (the fit's own recursion replayed): y − ŷ in
 * the fit's scaled units for additive errors, (y − ŷ) / ŷ for multiplicative ones, i.e. the quantity whose
 * variance is the model's sigma².
 */
export function etsOneStepErrors(y: readonly number[], fit: EtsFit): number[] {
  const errors: number[] = [];
  const scaled = Float64Array.from(y, (v) => v / fit.scale);
  etsLikelihood(scaled, fit.spec, fit.m, fit.params, fit.initial, undefined, errors);
  return errors;
}

function meanSquare(errors: readonly number[]): number {
  let sum = 0;
  let count = 0;
  for (const e of errors) {
    if (!Number.isFinite(e)) continue;
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
