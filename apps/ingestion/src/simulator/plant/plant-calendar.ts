import type { LineSpec } from './line-spec';
import { hourOfDay, isoWeekday } from './sim-time';

/**
 * Shift pattern: three shifts round the clock Monday 06:00 to Saturday 06:00, two shifts on Saturday
 * (06:00-22:00), nothing on Sunday. Planned stops (cleaning, changeovers) are inside production time but not
 * planned production time, so they lower output without lowering availability, as in OEE.
 */
export function isShiftScheduled(ts: number): boolean {
  const weekday = isoWeekday(ts);
  const hour = hourOfDay(ts);
  if (weekday === 7) return false;
  if (weekday === 1) return hour >= 6;
  if (weekday === 6) return hour < 22;
  return true;
}

export function isPlannedStop(spec: LineSpec, ts: number): boolean {
  const weekday = isoWeekday(ts);
  const hour = hourOfDay(ts);
  return spec.plannedStops.some(
    (stop) => stop.weekdays.includes(weekday) && hour >= stop.startHour && hour < stop.startHour + stop.minutes / 60,
  );
}

/** Planned production time: scheduled and not in a planned stop. */
export function isPlannedProduction(spec: LineSpec, ts: number): boolean {
  return isShiftScheduled(ts) && !isPlannedStop(spec, ts);
}

/** Shift number 1 (06-14), 2 (14-22), 3 (22-06): night shifts run a little slower. */
export function shiftOf(ts: number): 1 | 2 | 3 {
  const hour = hourOfDay(ts);
  if (hour >= 6 && hour < 14) return 1;
  if (hour >= 14 && hour < 22) return 2;
  return 3;
}
