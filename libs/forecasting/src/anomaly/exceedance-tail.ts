/*
 * How surprising is a statistic, given its own recent history? Below a high quantile u, the empirical
 * distribution (kept as a summary of quantiles); beyond it the peaks-over-threshold model (SPOT, Siffer et al.
 * 2017): excesses over u follow a generalised Pareto, P(S > s) = (1 − q)·(1 + ξ(s − u)/σ)^(−1/ξ), fitted by the
 * method of moments (Hosking & Wallis 1987) with ξ kept in [0, 0.5): heavy tails are allowed, a bounded tail is
 * read as exponential (ξ = 0), the conservative side. Bounded memory: a Float32 ring of the last `capacity`
 * values, refitted every `refitEvery` values in a scratch buffer shared by all instances. The ring and the quantile
 * summary may be views into a caller's buffers (a detector keeps all its numbers in two allocations).
 */
/** The moment estimator needs a finite variance of the excesses: ξ < 1/2. */
const MAX_SHAPE = 0.45;
/** Two moments need a few excesses; fewer and the tail is left empirical. */
const MIN_EXCESSES = 5;
/** Quantiles kept for the body of the distribution: every 5 %. */
const SUMMARY_STEPS = 20;

/** Sorting happens only inside refit(), one instance at a time: one buffer serves every tail. */
let sortScratch = new Float64Array(0);

export class ExceedanceTail {
  private readonly ring: Float32Array;
  private readonly summary: Float64Array;
  private count = 0;
  private fitted = 0;
  private sinceFit = 0;
  private threshold = 0;
  private scale = 0;
  private shape = 0;

  /** Quantile summary values a caller's buffer must hold per tail. */
  static readonly SUMMARY_LENGTH = SUMMARY_STEPS + 1;

  constructor(
    /** The ring's size, or the ring itself (a view the caller owns). */
    capacity: number | Float32Array,
    private readonly quantile: number,
    private readonly refitEvery: number,
    /** Fewer values than this: no opinion (probability 1). */
    private readonly minValues: number,
    summary?: Float64Array,
  ) {
    this.ring = typeof capacity === 'number' ? new Float32Array(capacity) : capacity;
    this.summary = summary ?? new Float64Array(ExceedanceTail.SUMMARY_LENGTH);
  }

  /** Upper-tail probability of `s` against the values added so far (as of the last fit). */
  probability(s: number): number {
    if (this.fitted < this.minValues) return 1;
    if (s > this.threshold && this.scale > 0) {
      const z = (s - this.threshold) / this.scale;
      const tail = this.shape > 0 ? Math.pow(1 + this.shape * z, -1 / this.shape) : Math.exp(-z);
      return (1 - this.quantile) * tail;
    }
    // the body, or beyond u without a fitted tail (ties at the top): never seen among n values is 1/(n + 1)
    const floor = 1 / (this.fitted + 1);
    if (s > this.summary[SUMMARY_STEPS]) return floor;
    let k = 0;
    while (this.summary[k] < s) k++;
    return Math.max(floor, 1 - k / SUMMARY_STEPS);
  }

  add(s: number): void {
    this.ring[this.count % this.ring.length] = s;
    this.count++;
    this.sinceFit++;
    const n = this.count;
    // first fit as soon as there are enough values, again at each doubling, then every `refitEvery` values
    if (
      this.sinceFit >= this.refitEvery ||
      n === this.minValues ||
      (n > this.minValues && n < this.ring.length && (n & (n - 1)) === 0)
    )
      this.refit();
  }

  private refit(): void {
    this.sinceFit = 0;
    const n = Math.min(this.count, this.ring.length);
    if (sortScratch.length < n) sortScratch = new Float64Array(this.ring.length);
    const view = sortScratch.subarray(0, n);
    view.set(this.ring.subarray(0, n));
    view.sort();
    this.fitted = n;
    for (let k = 0; k <= SUMMARY_STEPS; k++) this.summary[k] = view[Math.floor((k * (n - 1)) / SUMMARY_STEPS)];
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
