// Exactly rounded floating-point summation (Shewchuk's partials, as in Python's math.fsum).
// The running sum is kept as non-overlapping partials, so the result is the correctly rounded exact sum:
// independent of the order in which values were added. That is what makes a shuffled replay give
// bit-identical KPI values.

/** Adds x to the expansion `partials` in place. */
export function addExact(partials: number[], x: number): void {
  let kept = 0;
  const n = partials.length;
  for (let j = 0; j < n; j++) {
    let y = partials[j];
    if (Math.abs(x) < Math.abs(y)) {
      const t = x;
      x = y;
      y = t;
    }
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[kept++] = lo;
    x = hi;
  }
  // Usually the expansion keeps its length (integers, similar magnitudes): overwrite instead of resizing.
  if (kept === n) {
    partials.push(x);
  } else {
    partials[kept] = x;
    if (kept + 1 < n) partials.length = kept + 1;
  }
}

/** Adds every partial of `other` into `partials`. */
export function mergeExact(partials: number[], other: readonly number[]): void {
  for (let i = 0; i < other.length; i++) addExact(partials, other[i]);
}

/** The correctly rounded value of the expansion (round half to even). */
export function exactValue(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // The remaining partials can only matter when hi + lo sits exactly half-way between two doubles.
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
