// Exactly rounded floating-point summation (Shewchuk's partials, as in Python's math.fsum).
// The running sum is kept as non-overlapping partials, so the result is the correctly rounded exact sum:
// independent of the order in which values were added. That is what makes a shuffled replay give
// bit-identical KPI values.

/**
 * Shared by every sum that never held a partial, and never written: add() only writes below the length, and a sum
 * outgrowing its array gets a new one. Not frozen: that would be one more kind of array for add() to read.
 */
const NO_PARTS: number[] = [];

/**
 * An exact running sum. The partials array only ever grows (a logical length `n` tracks its use): shrinking
 * and re-growing a JS array on every add costs far more than the arithmetic. It grows one partial at a time, to
 * the most the sum ever needed (one to three for most data), where a push would reserve 17 slots: a minute bucket
 * of every signal holds several of these sums.
 */
export class ExactSum {
  private parts = NO_PARTS;
  private n = 0;

  get length(): number {
    return this.n;
  }

  add(x: number): void {
    const parts = this.parts;
    const n = this.n;
    let kept = 0;
    for (let j = 0; j < n; j++) {
      let y = parts[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) parts[kept++] = lo;
      x = hi;
    }
    if (kept < parts.length) parts[kept] = x;
    else this.parts = withPartial(parts, x);
    this.n = kept + 1;
  }

  merge(other: ExactSum): void {
    for (let i = 0; i < other.n; i++) this.add(other.parts[i]);
  }

  /** Partial `i` (below length), without copying: a packed bucket stores them beside its other figures. */
  partialAt(i: number): number {
    return this.parts[i];
  }

  /** The partials in use (a copy): adding them to an empty sum restores the same exact value. */
  partials(): number[] {
    return this.parts.slice(0, this.n);
  }

  copyFrom(other: ExactSum): void {
    this.n = 0;
    this.merge(other);
  }

  reset(): void {
    this.n = 0;
  }

  /** The correctly rounded value (round half to even). */
  value(): number {
    const parts = this.parts;
    let n = this.n;
    if (n === 0) return 0;
    let hi = parts[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = parts[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // The remaining partials can only matter when hi + lo sits exactly half-way between two doubles.
    if (n > 0 && ((lo < 0 && parts[n - 1] < 0) || (lo > 0 && parts[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }
}

/** `parts` with `x` appended: up to three partials in an array of that exact size (a literal: fast, unlike concat). */
function withPartial(parts: number[], x: number): number[] {
  switch (parts.length) {
    case 0:
      return [x];
    case 1:
      return [parts[0], x];
    case 2:
      return [parts[0], parts[1], x];
    default:
      parts.push(x);
      return parts;
  }
}
