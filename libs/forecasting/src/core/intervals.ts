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

/** CDF of Student's t with 3 degrees of freedom (closed form). */
function studentT3Cdf(t: number): number {
  const u = t / Math.sqrt(3);
  return 0.5 + (u / (1 + u * u) + Math.atan(u)) / Math.PI;
}

/** Two-sided quantile of Student's t with 3 df, by bisection (monotone CDF). */
export function studentT3Quantile(level: number): number {
  const p = 0.5 + level / 200;
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (studentT3Cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Maps an interval level to a multiplier of sigma. */
export type IntervalMultiplier = (level: number) => number;

const T3_95 = studentT3Quantile(95);
const Z_95 = normalQuantile(95);

/**
 * Heavy-tailed multiplier: Student-t(3) shape, pinned to the normal value at 95 %. Forecast errors
 * standardised by model sigma have q95/q80 ≈ 1.9-2.1 on validation windows of real series (normal: 1.53),
 * so normal 80 % intervals are too wide while 95 % ones are about right.
 */
export const heavyTailMultiplier: IntervalMultiplier = (level) => (Z_95 * studentT3Quantile(level)) / T3_95;

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

/** Width factors per interval level in percent: the interval half-width becomes factor·k(level)·sigma. */
export type LevelFactors = Readonly<Record<number, number>>;

/**
 * Rescales a multiplier per level. Levels between calibrated ones get a linearly interpolated factor,
 * levels outside the calibrated range the nearest one's; an empty table leaves the multiplier unchanged.
 */
export function calibratedMultiplier(base: IntervalMultiplier, factors: LevelFactors): IntervalMultiplier {
  const points = Object.entries(factors)
    .map(([level, factor]) => [Number(level), factor] as const)
    .sort((a, b) => a[0] - b[0]);
  if (points.length === 0) return base;
  return (level) => base(level) * interpolate(points, level);
}

function interpolate(points: ReadonlyArray<readonly [number, number]>, x: number): number {
  if (x <= points[0][0]) return points[0][1];
  for (let i = 1; i < points.length; i++) {
    const [x1, y1] = points[i];
    if (x <= x1) {
      const [x0, y0] = points[i - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return points[points.length - 1][1];
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

/** Share of scores (|y − f| / sigma) inside ±k(level): the coverage the intervals had. */
export function scoreCoverage(scores: readonly number[], level: number, multiplier: IntervalMultiplier): number {
  if (scores.length === 0) return NaN;
  const k = multiplier(level);
  return scores.filter((s) => s <= k).length / scores.length;
}

/** Accepted validation coverage per level, in percent: [low, high]. */
export type CoverageBands = Readonly<Record<number, readonly [number, number]>>;

/** The team's targets: 80 % intervals cover 77-83 %, 95 % ones 93-97 %. */
export const DEFAULT_COVERAGE_BANDS: CoverageBands = { 80: [77, 83], 95: [93, 97] };

export interface WidthCalibration {
  /** Validation coverage per level with the base multiplier, in percent. */
  coverage: Record<number, number>;
  /** Factors to apply: empty when every level was already inside its band. */
  factors: Record<number, number>;
}

/**
 * The calibration rule, applied per calibration group (e.g. one seasonal period of one method) to the
 * scores |y − f| / sigma of validation windows carved from training data:
 * - every level's coverage inside its band → keep the base multiplier (no factors);
 * - otherwise → every level gets its conformal factor (quantile of the scores / base multiplier),
 *   because a miss at one level means the multiplier's shape does not fit this group.
 * Only miscalibrated groups change, so groups whose base widths validate well are left alone. Too few
 * scores to reach a level (or none) also leave the base multiplier.
 */
export function calibrateWidths(
  scores: readonly number[],
  multiplier: IntervalMultiplier,
  bands: CoverageBands = DEFAULT_COVERAGE_BANDS,
): WidthCalibration {
  const levels = Object.keys(bands).map(Number);
  const coverage: Record<number, number> = {};
  for (const level of levels) coverage[level] = 100 * scoreCoverage(scores, level, multiplier);
  const inside = levels.every((level) => coverage[level] >= bands[level][0] && coverage[level] <= bands[level][1]);
  if (inside) return { coverage, factors: {} };
  const factors: Record<number, number> = {};
  for (const level of levels) factors[level] = conformalQuantile(scores, level) / multiplier(level);
  // too few scores to guarantee some level: keep the base multiplier rather than widen to infinity
  const usable = Object.values(factors).every((f) => Number.isFinite(f) && f > 0);
  return { coverage, factors: usable ? factors : {} };
}
