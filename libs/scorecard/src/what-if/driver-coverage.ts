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

/** When a change is in force: from (default: always), ramped over rampMs (default: a step), until (default: never). */
export interface DriverTiming {
  from?: number;
  rampMs?: number;
  until?: number;
}

export interface DriverWindow {
  from: number;
  rampMs: number;
  until: number;
}

/** A driver's window: from its start (the start of time by default), over its ramp, until its end (never). */
export function windowOf(d: DriverTiming): DriverWindow {
  const from = d.from ?? -Infinity;
  return { from, rampMs: from === -Infinity ? 0 : Math.max(0, d.rampMs ?? 0), until: d.until ?? Infinity };
}

/**
 * Where several windows are all in force: from the latest start, at full size once the last ramp has ended, until
 * the earliest end (an empty window when they do not overlap: it covers nothing).
 */
export function overlapWindow(windows: readonly DriverWindow[]): DriverWindow {
  const from = Math.max(...windows.map((w) => w.from));
  const full = Math.max(...windows.map((w) => w.from + w.rampMs));
  return { from, rampMs: from === -Infinity ? 0 : full - from, until: Math.min(...windows.map((w) => w.until)) };
}

/**
 * Share of a change in force at a period's end, where its status is judged and its last reading taken: 0 when it
 * starts at or after the end or stops before it (a change until the end holds through the period's last day), else
 * the share of its ramp it has reached by then.
 */
export function shareAtEnd(end: number, d: DriverTiming): number {
  const { from, rampMs, until } = windowOf(d);
  if (from >= end || until < end) return 0;
  return rampMs > 0 ? Math.min(1, (end - from) / rampMs) : 1;
}

/**
 * Share of a change in force at an instant where a value is first read (a period's start): 0 when it starts after
 * it or stops at or before it, else the share of its ramp reached by then.
 */
export function shareAtStart(start: number, d: DriverTiming): number {
  const { from, rampMs, until } = windowOf(d);
  if (from > start || until <= start) return 0;
  return rampMs > 0 ? Math.min(1, (start - from) / rampMs) : 1;
}
