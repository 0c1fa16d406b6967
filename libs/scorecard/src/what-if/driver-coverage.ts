/**
 * Average over [start, end) of a change that is 0 before `from`, grows linearly to 1 over `rampMs`, then stays 1:
 * the share of a driver's full size that a period's value (an average, or a total accrued evenly) sees.
 */
export function driverCoverage(start: number, end: number, from = -Infinity, rampMs = 0): number {
  if (end <= start) return 0;
  if (from === -Infinity) return 1;
  const ramp = Math.max(0, rampMs);
  const full = from + ramp;
  // area under the ramp-then-plateau curve from `from` to t
  const area = (t: number): number => {
    if (t <= from) return 0;
    if (t >= full) return ramp / 2 + (t - full);
    return (t - from) ** 2 / (2 * ramp);
  };
  return Math.min(1, Math.max(0, (area(end) - area(start)) / (end - start)));
}
