/**
 * Average over [start, end) of a change that is 0 before `from`, grows linearly to 1 over `rampMs`, stays 1, and
 * is 0 again from `until` on (cut mid-ramp if it ends before the ramp does): the share of a driver's full size that
 * a period's value (an average, or a total accrued evenly) sees.
 */
export function driverCoverage(start: number, end: number, from = -Infinity, rampMs = 0, until = Infinity): number {
  if (end <= start) return 0;
  const stop = Math.min(end, until);
  if (stop <= start) return 0;
  if (from === -Infinity) return (stop - start) / (end - start);
  const ramp = Math.max(0, rampMs);
  const full = from + ramp;
  // area under the ramp-then-plateau curve from `from` to t
  const area = (t: number): number => {
    if (t <= from) return 0;
    if (t >= full) return ramp / 2 + (t - full);
    return (t - from) ** 2 / (2 * ramp);
  };
  return Math.min(1, Math.max(0, (area(stop) - area(start)) / (end - start)));
}

export interface DriverWindow {
  from: number;
  rampMs: number;
  until: number;
}

/**
 * The one window the link effects of several level drivers share (their steady shifts are summed before they
 * travel): from the earliest start, over the longest ramp, until the latest end (never when one is open-ended).
 */
export function sharedWindow(drivers: ReadonlyArray<{ from?: number; rampMs?: number; until?: number }>): DriverWindow {
  return {
    from: Math.min(...drivers.map((d) => d.from ?? -Infinity)),
    rampMs: Math.max(0, ...drivers.map((d) => d.rampMs ?? 0)),
    until: Math.max(...drivers.map((d) => d.until ?? Infinity)),
  };
}
