/*
 * How surprising is a statistic, given its own recent history? Empirical tail below a high quantile u, and
 * beyond it the peaks-over-threshold model (SPOT, Siffer et al. 2017): excesses over u follow a generalised
 * Pareto, P(S > s) = (1 − q)·(1 + ξ(s − u)/σ)^(−1/ξ), fitted by the method of moments (Hosking & Wallis 1987)
 * with ξ kept in [0, 0.5): heavy tails are allowed, a bounded tail is read as exponential (ξ = 0), the
 * conservative side. Bounded memory: a ring of the last `capacity` values, refitted every `refitEvery` values.
 */
/** The moment estimator needs a finite variance of the excesses: ξ < 1/2. */
const MAX_SHAPE = 0.45;
/** Two moments need a few excesses; fewer and the tail is left empirical. */
const MIN_EXCESSES = 5;

export class ExceedanceTail {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private count = 0;
  private sortedLength = 0;
  private sinceFit = 0;
  private threshold = 0;
  private scale = 0;
  private shape = 0;

  constructor(
    capacity: number,
    private readonly quantile: number,
    private readonly refitEvery: number,
    /** Fewer values than this: no opinion (probability 1). */
    private readonly minValues: number,
  ) {
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get size(): number {
    return Math.min(this.count, this.ring.length);
  }

  /** Upper-tail probability of `s` against the values added so far (before adding it). */
  probability(s: number): number {
    if (this.sortedLength < this.minValues) return 1;
    if (s > this.threshold && this.scale > 0) {
      const z = (s - this.threshold) / this.scale;
      const tail = this.shape > 0 ? Math.pow(1 + this.shape * z, -1 / this.shape) : Math.exp(-z);
      return (1 - this.quantile) * tail;
    }
    // share of the fitted values at or above s (binary search in the sorted copy), with a +1 prior
    let lo = 0;
    let hi = this.sortedLength;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] < s) lo = mid + 1;
      else hi = mid;
    }
    // without a fitted tail (ties at the top) beyond u too: never seen among n values is 1/(n + 1)
    return (this.sortedLength - lo + 1) / (this.sortedLength + 1);
  }

  add(s: number): void {
    this.ring[this.count % this.ring.length] = s;
    this.count++;
    this.sinceFit++;
    const n = this.count;
    // first fit as soon as there are enough values, again at each doubling, then every `refitEvery` values
    if (this.sinceFit >= this.refitEvery || n === this.minValues || (n > this.minValues && n < this.ring.length && (n & (n - 1)) === 0)) this.refit();
  }

  reset(): void {
    this.count = 0;
    this.sortedLength = 0;
    this.sinceFit = 0;
  }

  private refit(): void {
    this.sinceFit = 0;
    const n = this.size;
    this.sorted.set(this.ring.subarray(0, n));
    const view = this.sorted.subarray(0, n);
    view.sort();
    this.sortedLength = n;
    this.threshold = view[Math.min(n - 1, Math.floor(this.quantile * n))];
    let sum = 0;
    let sumSq = 0;
    let over = 0;
    for (let i = n - 1; i >= 0 && view[i] > this.threshold; i--) {
      const e = view[i] - this.threshold;
      sum += e;
      sumSq += e * e;
      over++;
    }
    if (over < MIN_EXCESSES) {
      // ties at the top leave too few excesses to fit: the empirical tail alone answers
      this.scale = 0;
      return;
    }
    const mean = sum / over;
    const variance = Math.max(0, sumSq / over - mean * mean);
    const ratio = variance > 0 ? (mean * mean) / variance : Infinity;
    this.shape = Math.min(MAX_SHAPE, Math.max(0, 0.5 * (1 - ratio)));
    this.scale = mean * (1 - this.shape);
  }
}
