export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** ISO weekday 1 (Monday) .. 7 (Sunday), UTC (the demo model's calendar zone). */
export function isoWeekday(ts: number): number {
  const day = new Date(ts).getUTCDay();
  return day === 0 ? 7 : day;
}

export function hourOfDay(ts: number): number {
  return new Date(ts).getUTCHours() + new Date(ts).getUTCMinutes() / 60;
}

export function dayIndex(ts: number): number {
  return Math.floor(ts / DAY_MS);
}

export function hourIndex(ts: number): number {
  return Math.floor(ts / HOUR_MS);
}

/** Day of the year, 0-based, for seasonal curves. */
export function dayOfYear(ts: number): number {
  const date = new Date(ts);
  return Math.floor((ts - Date.UTC(date.getUTCFullYear(), 0, 1)) / DAY_MS);
}

/** Linear ramp from 0 at `from` to 1 at `to`, clamped. */
export function ramp(ts: number, from: number, to: number): number {
  if (ts <= from) return 0;
  if (ts >= to) return 1;
  return (ts - from) / (to - from);
}
