// Exactly rounded floating-point summation (Shewchuk's partials, as in Python's math.fsum).
// The running sum is kept as non-overlapping partials, so the result is the correctly rounded exact sum:
// independent of the order in which values were added. That is what makes a shuffled replay give
// bit-identical KPI values.

/**
 * Shared by every sum that never held a partial, and never written: add() only writes below the length, and a sum
 * outgrowing its array gets a new one. Not frozen: that would be one more kind of array for add() to read.
 */
const NO_PARTS: number[] = [];
/** 2^27 + 1: splits a double into two halves whose pairwise products are exact. */
const SPLITTER = 134_217_729;
/** Partials a sum of products keeps before it is compacted (what most sums need, and what a packed bucket holds). */
const COMPACT_ABOVE = 3;

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

  /**
   * Adds a × b exactly: the rounded product and its rounding error (Dekker's TwoProduct), so a sum of squares
   * stays as exact as a sum. Exact while a, b and the product stay well inside the double range (no overflow
   * of the split, no subnormal error term); a product that overflows adds its infinity.
   */
  addProduct(a: number, b: number): void {
    const p = a * b;
    this.add(p);
    if (!Number.isFinite(p)) return;
    // Veltkamp's split into 26-bit halves, written out: this runs once per sample.
    let c = SPLITTER * a;
    const aHi = c - (c - a);
    const aLo = a - aHi;
    c = SPLITTER * b;
    const bHi = c - (c - b);
    const bLo = b - bHi;
    const err = aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo;
    if (err !== 0) this.add(err);
    // exact squares leave more partials than their sum needs: compacting keeps the array at its usual few
    if (this.n > COMPACT_ABOVE) this.compact();
  }

  merge(other: ExactSum): void {
    for (let i = 0; i < other.n; i++) this.add(other.parts[i]);
  }

  /**
   * Rewrites the partials into fewer (Shewchuk's Compress), keeping the exact value: exact squares spread a sum
   * over more partials than it needs, and a closed bucket packs only sums of few.
   */
  compact(): void {
    const parts = this.parts;
    const n = this.n;
    if (n < 2) return;
    // Top down: what a partial adds below the running sum's last bit stays behind, in place (at or above i + 1).
    let q = parts[n - 1];
    let bottom = n - 1;
    for (let i = n - 2; i >= 0; i--) {
      const y = parts[i];
      const hi = q + y;
      const lo = roundingError(q, y, hi);
      if (lo !== 0) {
        parts[bottom--] = hi;
        q = lo;
      } else q = hi;
    }
    // Bottom up: what each step leaves below the running sum is a partial of the result, smallest first.
    let kept = 0;
    for (let i = bottom + 1; i < n; i++) {
      const x = parts[i];
      const hi = x + q;
      const lo = roundingError(x, q, hi);
      if (lo !== 0) parts[kept++] = lo;
      q = hi;
    }
    parts[kept] = q;
    this.n = kept + 1;
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

/** What `sum` (a + b rounded) lost: exact whichever of a and b is larger. */
function roundingError(a: number, b: number, sum: number): number {
  return Math.abs(a) >= Math.abs(b) ? b - (sum - a) : a - (sum - b);
}

/** `parts` with `x` appended: up to four partials in an array of that exact size (a literal: fast, unlike concat). */
function withPartial(parts: number[], x: number): number[] {
  switch (parts.length) {
    case 0:
      return [x];
    case 1:
      return [parts[0], x];
    case 2:
      return [parts[0], parts[1], x];
    case 3:
      // a sum of products holds four only until it is compacted
      return [parts[0], parts[1], parts[2], x];
    default:
      parts.push(x);
      return parts;
  }
}
