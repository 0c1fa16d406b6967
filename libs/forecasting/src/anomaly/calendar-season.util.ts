/*
 * The calendar season of a signal, read from the detector's history ring: whether a day or a week (in samples, at
 * the median sampling interval) is a cycle of the values, and how far a value falls outside the range its phase showed
 * in the previous periods. Plain functions over the detector's arrays: the detector keeps the state (the period in
 * use, the interval ring), so a season costs no object per signal.
 */
import { acf } from '../methods/seasonality-test';
import { medianInPlace } from './order-statistics';
import { ringPast, scratchOf } from './sample-ring.util';

/** 90 % band of an autocorrelation under white noise: 1.645/√pairs (the M4 seasonality test's critical value). */
const ACF_CRITICAL = 1.645;
/** Operational signals cycle with the calendar: the candidate seasons are a day and a week. */
const CALENDAR_PERIODS_MS = [86_400_000, 7 * 86_400_000];
/** Phase slack of the seasonal range: a 48th of the period, half an hour in a day (jobs that run a bit late). */
const PHASE_SLACK_DIVISOR = 48;
/**
 * Periods a season must have shown before it is used: two. A pattern seen once is not yet a cycle; seen twice, the
 * autocorrelation at its lag rests on a whole period of pairs, and the range of two periods at a phase is a baseline
 * (the third, when it comes, only widens it). Waiting for `seasonalCycles` periods instead left the daily cycle
 * judged as noise against the recent level for a further day.
 */
export const MIN_CYCLES = 2;
/** Sampling intervals whose median is the spacing: robust to gaps in up to 7 of them. */
export const SPACING_SAMPLES = 15;

export function phaseReach(period: number): number {
  return Math.max(1, Math.round(period / PHASE_SLACK_DIVISOR));
}

/**
 * Whole periods (at most `maxCycles`) the history holds before the current phase, reach included: bounded by the
 * values held, not the values seen, since a long period may fit only twice in the history.
 */
export function cyclesShown(history: Float64Array, count: number, period: number, maxCycles: number): number {
  if (period === 0) return 0;
  const held = Math.min(count, history.length);
  return Math.min(maxCycles, Math.floor((held - phaseReach(period) - 1) / period));
}

/**
 * Distance of `value` outside the range seen at the same phase (± a 48th of the period: half an hour in a day)
 * in each of the previous `cycles` periods (two to `seasonalCycles`, as the history holds them): 0 for anything
 * the cycle has shown lately, so a daily job that runs a few minutes early or late is not news.
 */
export function seasonalResidual(
  value: number,
  history: Float64Array,
  count: number,
  period: number,
  cycles: number,
): number {
  const reach = phaseReach(period);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 1; k <= cycles; k++) {
    const back = k * period;
    for (let j = -reach; j <= reach; j++) {
      const v = ringPast(history, count, back + j);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return value > hi ? value - hi : value < lo ? value - lo : 0;
}

/** Median of the `SPACING_SAMPLES` sampling intervals held. */
function spacing(intervals: Float64Array): number {
  const copy = scratchOf(SPACING_SAMPLES);
  for (let i = 0; i < SPACING_SAMPLES; i++) copy[i] = intervals[i];
  return medianInPlace(copy, SPACING_SAMPLES);
}

/**
 * True at the sample from which the history first holds `MIN_CYCLES` periods of a calendar lag: the season is
 * tested then, not up to a recheck interval later (a day at 5 minutes is testable from sample 583, the next
 * recheck is at 768). Only while no season is found and the history is filling: a few more tests per signal.
 */
export function seasonJustTestable(
  history: Float64Array,
  count: number,
  period: number,
  intervals: Float64Array,
  intervalCount: number,
): boolean {
  if (period > 0 || count > history.length || intervalCount < SPACING_SAMPLES) return false;
  const at = spacing(intervals);
  return CALENDAR_PERIODS_MS.some((ms) => {
    const lag = Math.round(ms / at);
    return MIN_CYCLES * lag + phaseReach(lag) + 1 === count;
  });
}

/**
 * A day or a week in samples (at the median of the last sampling intervals), found when its autocorrelation
 * (on the n − P overlapping pairs) clears the white-noise 90 % band and beats the half-period lag: a cycle, not
 * the slow decay of a drifting level. The stronger of the two wins; 0 when neither is a cycle (the caller keeps
 * the season it had: an anomaly in the history can hide the season for a while, it does not end it).
 */
export function calendarPeriod(
  history: Float64Array,
  count: number,
  intervals: Float64Array,
  intervalCount: number,
  minPeriod: number,
): number {
  if (intervalCount < SPACING_SAMPLES) return 0;
  const at = spacing(intervals);
  const n = Math.min(count, history.length);
  const lags = CALENDAR_PERIODS_MS.map((ms) => Math.round(ms / at)).filter(
    (lag) => lag >= minPeriod && MIN_CYCLES * lag + phaseReach(lag) < n,
  );
  if (lags.length === 0) return 0;
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) y[i] = ringPast(history, count, n - i);
  const r = acf(y, lags[lags.length - 1]);
  // acf divides every lag by the n-term sum of squares: rescale to the pairs actually compared
  const rho = (lag: number): number => (r[lag - 1] * n) / (n - lag);
  let best = 0;
  let bestR = 0;
  for (const lag of lags) {
    const rp = rho(lag);
    if (rp > ACF_CRITICAL / Math.sqrt(n - lag) && rp > rho(Math.floor(lag / 2)) && rp > bestR) {
      best = lag;
      bestR = rp;
    }
  }
  return best;
}
