import type { SeededRandom } from '../random/seeded-random';
import { DAY_MS, hourOfDay } from './sim-time';

/** Line 2 tunnel oven: fouling makes it drift up between descaling stops, which also raises line 2 scrap. */
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
