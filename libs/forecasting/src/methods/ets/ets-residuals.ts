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

/** 5 % critical value of sup |Brownian bridge| (Kolmogorov): the Inclán-Tiao test's asymptotic threshold. */
const SUP_BRIDGE_5_PERCENT = 1.358;
/** Fewer errors than this on either side of a change and the asymptotic test is not trusted. */
export const MIN_REGIME_ERRORS = 30;

/**
 * Where the error variance of e changed, by the kurtosis-robust Inclán-Tiao CUSUM-of-squares test (Sansó,
 * Aragó & Carrion 2004, κ1) at 5 %: the index after which the later regime starts, or undefined when the test
 * does not reject or the change would leave fewer than MIN_REGIME_ERRORS on a side.
 */
export function varianceChangePoint(e: readonly number[]): number | undefined {
  const n = e.length;
  if (n < 2 * MIN_REGIME_ERRORS) return undefined;
  let c = 0;
  let c4 = 0;
  for (const v of e) {
    c += v * v;
    c4 += v ** 4;
  }
  const s2 = c / n;
  const spread = Math.sqrt(c4 / n - s2 * s2);
  if (!(spread > 0)) return undefined;
  let best = 0;
  let at = -1;
  let ck = 0;
  for (let k = 1; k <= n; k++) {
    ck += e[k - 1] * e[k - 1];
    const d = Math.abs(ck - (k / n) * c);
    if (d > best) {
      best = d;
      at = k;
    }
  }
  const statistic = best / (Math.sqrt(n) * spread);
  if (statistic <= SUP_BRIDGE_5_PERCENT || at < MIN_REGIME_ERRORS || n - at < MIN_REGIME_ERRORS) return undefined;
  return at;
}

/**
 * sqrt(mean e² of the current error regime / mean e² of all settled errors): ETS assumes one error variance
 * for the whole history, but over long histories the noise level drifts. The current regime starts after the
 * last variance change the series' own errors show (varianceChangePoint applied again to the later part until
 * it no longer rejects); with no change, 1. The first `burnIn` errors are left out while the states settle.
 * No window or threshold is fitted to any data set: the test and its 5 % level are textbook choices.
 */
export function currentRegimeErrorScale(errors: readonly number[], burnIn: number): number {
  const settled = errors.slice(Math.min(burnIn, errors.length)).filter(Number.isFinite);
  let regime = settled;
  for (let at = varianceChangePoint(regime); at !== undefined; at = varianceChangePoint(regime))
    regime = regime.slice(at);
  if (regime.length === settled.length) return 1;
  const ratio = Math.sqrt(meanSquare(regime) / meanSquare(settled));
  return Number.isFinite(ratio) && ratio > 0 ? ratio : 1;
}
