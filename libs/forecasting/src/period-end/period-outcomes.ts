import { floorAtZero } from './non-negative-floor';
import type { PeriodEndProjection, TargetRule } from './period-end.types';
import { normalCdf } from './seeded-random';

/**
 * What the elapsed steps already decide of a period's min or max: the period ends no lower than their max, no
 * higher than their min, whatever the remaining steps do.
 */
export interface ElapsedExtreme {
  aggregation: 'min' | 'max';
  value: number;
}

/**
 * A projection from an expectation and the outcomes around it, e.g. a ratio evaluated outcome by outcome from the
 * projections of its numerator and denominator. Outcomes made of past errors ('empirical') are bounded
 * split-conformally (see conformalBounds), simulated ones by their quantiles. With `elapsed`, the probability keeps
 * to the extreme already reached (see probability).
 */
export function projectionFromOutcomes(
  expected: number,
  outcomes: readonly number[],
  target: TargetRule | undefined,
  method: string,
  uncertainty: PeriodEndProjection['uncertainty'],
  elapsed?: ElapsedExtreme,
): PeriodEndProjection {
  const totals = [...outcomes].sort((a, b) => a - b);
  const past = uncertainty === 'empirical';
  const [lower80, upper80] = past
    ? conformalBounds(expected, outcomes, 0.8)
    : [quantile(totals, 0.1), quantile(totals, 0.9)];
  const [lower95, upper95] = past
    ? conformalBounds(expected, outcomes, 0.95)
    : [quantile(totals, 0.025), quantile(totals, 0.975)];
  // a symmetric bound may pass the extreme already reached, which the period's max (min) cannot end below (above)
  const atLeast = elapsed?.aggregation === 'max' ? elapsed.value : -Infinity;
  const atMost = elapsed?.aggregation === 'min' ? elapsed.value : Infinity;
  return {
    expected,
    lower80: Math.max(atLeast, lower80),
    upper80: Math.min(atMost, upper80),
    lower95: Math.max(atLeast, lower95),
    upper95: Math.min(atMost, upper95),
    probabilityOfMeetingTarget: probability(totals, target, elapsed),
    method,
    uncertainty,
    support: totals.length,
    outcomes,
  };
}

/**
 * A central interval at `level` from n past outcomes as split-conformal prediction gives it with the absolute error
 * as its score (Lei et al. 2018): the expectation +- the ceil((n + 1) level)-th smallest |outcome - expected|, which
 * holds one more exchangeable outcome with probability at least `level` (the n + 1 counts today's among them).
 * Interpolated sample quantiles of the outcomes sit inside: they cover (n - 1) level / (n + 1), 76 % for 40 at 80 %.
 * The absolute error pools both tails, so 40 outcomes give a 95 % bound (the 39th) short of the largest. Fewer than
 * 1 / (1 - level) - 1 outcomes (19 at 95 %) take the largest, which covers n / (n + 1).
 */
export function conformalBounds(expected: number, outcomes: readonly number[], level: number): [number, number] {
  const errors = outcomes.map((o) => Math.abs(o - expected)).sort((a, b) => a - b);
  // (n + 1) level is a whole number for some n (40 * 0.95): the slack keeps its binary error from rounding it up
  const k = Math.min(errors.length, Math.ceil((errors.length + 1) * level - 1e-9));
  return [expected - errors[k - 1], expected + errors[k - 1]];
}

/**
 * A projection of a period value that cannot be negative: expectation, outcomes and with them every quantile
 * floored at 0 (see floorAtZero), the probability of meeting the target taken again from the floored outcomes
 * (it changes only for targets at or below 0).
 */
export function floorProjectionAtZero(projection: PeriodEndProjection, target?: TargetRule): PeriodEndProjection {
  if (projection.expected >= 0 && projection.outcomes.every((o) => o >= 0)) return projection;
  const floored = projectionFromOutcomes(
    Math.max(0, projection.expected),
    floorAtZero(projection.outcomes),
    target,
    projection.method,
    projection.uncertainty,
  );
  // a conformal interval is symmetric around the expectation and may reach below 0, where no value can be
  return { ...floored, lower80: Math.max(0, floored.lower80), lower95: Math.max(0, floored.lower95) };
}

/** A period value known for certain (the period is over). */
export function knownProjection(value: number, target?: TargetRule): PeriodEndProjection {
  const hit = target ? meets(value, target) : null;
  return {
    expected: value,
    lower80: value,
    upper80: value,
    lower95: value,
    upper95: value,
    probabilityOfMeetingTarget: hit === null ? null : hit ? 1 : 0,
    method: 'actual',
    uncertainty: 'none',
    support: 1,
    outcomes: [value],
  };
}

export function meanOf(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export function medianOf(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

function meets(value: number, target: TargetRule): boolean | null {
  if (target.direction === 'band')
    return target.lower === undefined || target.upper === undefined
      ? null
      : value >= target.lower && value <= target.upper;
  if (target.value === undefined) return null;
  return target.direction === 'higher_is_better' ? value >= target.value : value <= target.value;
}

/**
 * Share of outcomes meeting the target, smoothed with a Gaussian kernel so few outcomes still give a graded answer.
 * The kernel stands for the remaining steps' uncertainty, never the elapsed ones': a period max smoothed below the
 * max already reached (or a min above the min) would give a chance to a target the period has already missed.
 */
function probability(totals: readonly number[], target?: TargetRule, elapsed?: ElapsedExtreme): number | null {
  if (!target || meets(totals[0], target) === null) return null;
  const sd = Math.sqrt(variance(totals));
  const bw = 1.06 * sd * totals.length ** -0.2;
  const p = (v: number): number => {
    if (bw === 0) return meets(v, target) ? 1 : 0;
    if (elapsed) return withinExtreme(v, bw, target, elapsed);
    if (target.direction === 'band') return normalCdf((target.upper! - v) / bw) - normalCdf((target.lower! - v) / bw);
    const z = (v - target.value!) / bw;
    return target.direction === 'higher_is_better' ? normalCdf(z) : normalCdf(-z);
  };
  return Math.min(1, Math.max(0, meanOf(totals.map(p))));
}

/**
 * P(max(E, X) in [a, b]) for X ~ N(v, bw²) and the elapsed max E: E itself when X ≤ E, else X; mirrored for a min
 * (min(E, X): E when X ≥ E).
 */
function withinExtreme(v: number, bw: number, target: TargetRule, elapsed: ElapsedExtreme): number {
  const [a, b] =
    target.direction === 'band'
      ? [target.lower!, target.upper!]
      : target.direction === 'higher_is_better'
        ? [target.value!, Infinity]
        : [-Infinity, target.value!];
  const below = (x: number): number => (x === Infinity ? 1 : x === -Infinity ? 0 : normalCdf((x - v) / bw));
  const e = elapsed.value;
  const held = e >= a && e <= b ? 1 : 0;
  return elapsed.aggregation === 'max'
    ? held * below(e) + Math.max(0, below(b) - below(Math.max(a, e)))
    : held * (1 - below(e)) + Math.max(0, below(Math.min(b, e)) - below(a));
}

function variance(values: readonly number[]): number {
  const mu = meanOf(values);
  return values.reduce((s, v) => s + (v - mu) ** 2, 0) / Math.max(1, values.length - 1);
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
