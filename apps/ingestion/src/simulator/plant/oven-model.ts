import type { SeededRandom } from '../random/seeded-random';
import { DAY_MS, hourOfDay } from './sim-time';

/**
 * Line 2 tunnel oven: fouling makes it drift up between descaling stops, which also raises line 2 scrap.
 *
 * The drift has no start to alert on: its rate is the same 0.07 °C/day at every moment of the cycle, and the only
 * step is the descaling (−5.25 °C every 75 days), which any level test sees at once. Were a drift to start at a
 * moment, a slope change Δb = 0.07 °C/day = 8.1e-7 °C/s under the 0.25 °C noise of 1 s readings would give, with
 * start and slope known, a log-likelihood ratio of Δb²·n³/(6σ²) after n s: 3.8e-7 nats after a minute, and the
 * 11.5 nats of 1 in 10^5 only after (6σ²·11.5/Δb²)^⅓ ≈ 18 700 s, 5.2 hours (5.6 h at the detector's 14.3). The
 * daily ripple's slope (up to 2.9e-5 °C/s) is 36 times the drift's, so even that needs the ripple modelled exactly.
 */
export const OVEN_SETPOINT = 182;
const DRIFT_PER_DAY = 0.07;
const DESCALE_EVERY_DAYS = 75;
/** A descaling happened here; the cycle repeats from it in both directions. */
const DESCALE_ANCHOR = Date.UTC(2026, 8, 23);

export function ovenDrift(ts: number): number {
  const days = (ts - DESCALE_ANCHOR) / DAY_MS;
  const intoCycle = ((days % DESCALE_EVERY_DAYS) + DESCALE_EVERY_DAYS) % DESCALE_EVERY_DAYS;
  return DRIFT_PER_DAY * intoCycle;
}

/** Oven temperature at `ts`: set point + drift + a small daily ripple + noise; on standby (-3 °C) when idle. */
export function ovenTemperature(ts: number, planned: boolean, random: SeededRandom): number {
  const ripple = 0.4 * Math.sin((2 * Math.PI * hourOfDay(ts)) / 24);
  const standby = planned ? 0 : -3;
  return OVEN_SETPOINT + standby + ovenDrift(ts) + ripple + 0.25 * random.normal();
}

/** Scrap share added by an oven running hot: quadratic in the deviation beyond 2 °C. */
export function ovenScrapRate(ts: number): number {
  const excess = Math.max(0, ovenDrift(ts) - 2);
  return 0.0025 * excess * excess;
}
