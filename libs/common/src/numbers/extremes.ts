/**
 * The smallest and largest of any number of values. `Math.min(...values)` passes each value as an argument and
 * overflows the call stack beyond about 120,000 of them (a model of 150,000 signals), so these loop instead.
 */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let min = empty;
  for (const value of values) if (value < min || Number.isNaN(value)) min = value;
  return min;
}

export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let max = empty;
  for (const value of values) if (value > max || Number.isNaN(value)) max = value;
  return max;
}
