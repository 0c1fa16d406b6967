import { ForecastInput, ForecastResult } from './forecast.types';

export const DEFAULT_LEVELS: readonly number[] = [80, 95];

// Acklam's rational approximation (relative error < 1.2e-9); simple-statistics' probit is off by ~1e-3.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Inverse of the standard normal CDF. */
export function normalInverseCdf(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const tail = (q: number): number =>
    (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
    ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
}

/** Two-sided normal quantile for a level in percent (95 → 1.95996...). */
export function normalQuantile(level: number): number {
  return normalInverseCdf(0.5 + level / 200);
}

/** Maps an interval level to a multiplier of sigma. */
export type IntervalMultiplier = (level: number) => number;

/** Builds a result with symmetric intervals mean ± k(level)·sigma (normal quantiles by default). */
export function resultFromSigma(
  method: string,
  mean: number[],
  sigma: number[],
  levels: readonly number[] = DEFAULT_LEVELS,
  multiplier: IntervalMultiplier = normalQuantile,
): ForecastResult {
  const lower: Record<number, number[]> = {};
  const upper: Record<number, number[]> = {};
  for (const level of levels) {
    const z = multiplier(level);
    lower[level] = mean.map((f, i) => f - z * sigma[i]);
    upper[level] = mean.map((f, i) => f + z * sigma[i]);
  }
  return { method, mean, lower, upper, sigma };
}

export function levelsOf(input: ForecastInput): readonly number[] {
  return input.levels ?? DEFAULT_LEVELS;
}

export function validateInput(input: ForecastInput): void {
  if (!Number.isInteger(input.h) || input.h < 1)
    throw new RangeError(`horizon must be a positive integer, got ${input.h}`);
  if (!Number.isInteger(input.m) || input.m < 1)
    throw new RangeError(`period must be a positive integer, got ${input.m}`);
  if (input.y.length === 0) throw new RangeError('cannot forecast an empty series');
  for (const level of input.levels ?? []) {
    if (!(level > 0 && level < 100)) throw new RangeError(`interval level must be in (0, 100), got ${level}`);
  }
  if (input.y.some((v) => !Number.isFinite(v))) throw new RangeError('series contains a non-finite value');
}

/**
 * Split-conformal quantile of nonconformity scores at a level in percent: the ⌈(n+1)·level/100⌉-th
 * smallest score, so that a fresh exchangeable score falls at or below it with probability ≥ level.
 * Infinity when there are too few scores to guarantee the level.
 */
export function conformalQuantile(scores: readonly number[], level: number): number {
  const rank = Math.ceil(((scores.length + 1) * level) / 100);
  if (rank > scores.length) return Infinity;
  const sorted = scores.slice().sort((a, b) => a - b);
  return sorted[Math.max(rank, 1) - 1];
}

/**
 * Scores beyond a level's quantile that the quantile must rest on: with fewer, one score moves it far. So a
 * level needs ⌈10 / (1 − level)⌉ scores: 50 at 80 %, 200 at 95 %.
 */
export const MIN_TAIL_SCORES = 10;

export function scoresNeeded(level: number): number {
  return Math.ceil((MIN_TAIL_SCORES * 100) / (100 - level));
}

/**
 * Half-widths in units of sigma, per horizon step and level, from nonconformity scores |y − f| / sigma of
 * validation windows. `scope` says which rule applied:
 * - 'step': every step has enough scores for every level → each step its own conformal quantile;
 * - 'pooled': only the steps together have enough → one quantile for all steps (sigma carries the growth);
 * - 'model': too few scores, or a quantile is infinite (zero sigma missed too often) → the model's widths stay.
 */
export interface ConformalWidths {
  scope: 'step' | 'pooled' | 'model';
  /** The scale the scores were taken on (see WidthScale); absolute when absent. */
  scale?: WidthScale;
  /** Scores the widths rest on (all steps). */
  scores: number;
  /** One entry per step ('step'), one for every step ('pooled'), none ('model'): level → multiplier. */
  k: Record<number, number>[];
}

/**
 * 'absolute': scores |y − f| / s, intervals f ± k·s. 'log' (a batch whose values are all positive): scores
 * f·|ln(y / f)| / s, the log error in units of the delta-method sigma of ln f (s / f), intervals f·exp(±k·s / f):
 * errors proportional to the level are symmetric on that scale, so the interval reaches further above f than below.
 */
export type WidthScale = 'absolute' | 'log';

/** The calibration rule (see ConformalWidths), applied to scores grouped by horizon step. */
export function calibrateWidths(
  scoresByStep: readonly (readonly number[])[],
  levels: readonly number[],
  scale: WidthScale = 'absolute',
): ConformalWidths {
  const widths = calibrateOnScale(scoresByStep, levels);
  return scale === 'absolute' || widths.scope === 'model' ? widths : { ...widths, scale };
}

function calibrateOnScale(scoresByStep: readonly (readonly number[])[], levels: readonly number[]): ConformalWidths {
  const scores = scoresByStep.reduce((n, s) => n + s.length, 0);
  if (levels.length === 0) return { scope: 'model', scores, k: [] };
  const needed = Math.max(...levels.map(scoresNeeded));
  const quantiles = (group: readonly number[]): Record<number, number> =>
    Object.fromEntries(levels.map((level) => [level, conformalQuantile(group, level)]));
  const finite = (k: Record<number, number>[]): boolean =>
    k.every((byLevel) => Object.values(byLevel).every(Number.isFinite));
  if (scoresByStep.length > 0 && scoresByStep.every((s) => s.length >= needed)) {
    const k = scoresByStep.map(quantiles);
    if (finite(k)) return { scope: 'step', scores, k };
  }
  if (scores >= needed) {
    const k = [quantiles(scoresByStep.flat())];
    if (finite(k)) return { scope: 'pooled', scores, k };
  }
  return { scope: 'model', scores, k: [] };
}

/**
 * Re-draws a result's intervals as mean ± k·sigma with calibrated multipliers. Unchanged when the widths are
 * the model's or the result has no sigma; levels the calibration did not cover keep their bounds.
 */
export function applyWidths(result: ForecastResult, widths: ConformalWidths): ForecastResult {
  const sigma = result.sigma;
  if (widths.scope === 'model' || !sigma) return result;
  const lower = { ...result.lower };
  const upper = { ...result.upper };
  for (const level of Object.keys(result.lower).map(Number)) {
    const kAt = (i: number): number | undefined => widths.k[widths.scope === 'step' ? i : 0]?.[level];
    if (result.mean.some((_, i) => kAt(i) === undefined)) continue;
    // a forecast at or below 0 has no log: its bounds stay absolute
    const log = (f: number): boolean => widths.scale === 'log' && f > 0;
    lower[level] = result.mean.map((f, i) =>
      log(f) ? f * Math.exp((-(kAt(i) as number) * sigma[i]) / f) : f - (kAt(i) as number) * sigma[i],
    );
    upper[level] = result.mean.map((f, i) =>
      log(f) ? f * Math.exp(((kAt(i) as number) * sigma[i]) / f) : f + (kAt(i) as number) * sigma[i],
    );
  }
  return { ...result, lower, upper };
}
