/*
 * How surprising is a statistic, given its own recent history? Below a high quantile u, the empirical
 * distribution (kept as a summary of quantiles); beyond it the peaks-over-threshold model (SPOT, Siffer et al.
 * 2017): excesses over u follow a generalised Pareto, P(S > s) = (1 − q)·(1 + ξ(s − u)/σ)^(−1/ξ), fitted by the
 * method of moments (Hosking & Wallis 1987) with ξ kept in [0, 0.5): heavy tails are allowed, a bounded tail is
 * read as exponential (ξ = 0), the conservative side.
 *
 * The fitted scale is itself an estimate, the mean of k excesses: read as exact, it makes the far tail too thin (a
 * value 14 scales out is e^−14 under the fit, but a scale 20 % low is common with k = 50 and then the truth is
 * e^−11.7). The probability told is the predictive one: for exponential excesses E/σ ~ Exp(1) and the scale
 * estimate Σe/σ ~ Gamma(k, 1) independent of it, so P(E > t·Σe/k) = E[e^(−t·G/k)] = (1 + t/k)^(−k), the Gamma's
 * Laplace transform — exact under the null whatever σ is, like Student's t in place of the normal. A generalised
 * Pareto excess is exponential after x ↦ ln(1 + ξx/σ)/ξ, and the same correction is applied to its e-folds t.
 * It changes little near u (t ≪ k) and most in the far tail, where the plug-in tail was too thin. k counts runs of
 * excesses, not excesses: neighbours in one run are one piece of evidence about the scale, not several.
 *
 * Beyond everything seen without a fitted tail (ties at the top), a value never seen among n is 1/(nθ + 1): θ, the
 * share of the excesses over u that start a run (the runs estimate of the extremal index), makes n the number of
 * independent stretches in the history. A median of the last 8 samples drifts and sets a new record sample after
 * sample: on null stretches (bench:anomaly --detail) the shift statistic fell below 10^−3 3.4 times as often as a
 * calibrated one while its records counted as 1/(n + 1). For independent values θ ≈ 1: the exchangeable 1/(n + 1).
 * When the whole history is one value (a frozen reading; no excess, θ = 1), the caller's `minScale` says how far
 * beyond it the new value landed: a signal read in steps of q hides any variation below q/2, so a history that never
 * left one value is an exponential tail of scale at most q/2 (a 100.00 that reads 99.89 has moved 22 half-steps:
 * 1/(n + 1)·e^−22). The same floor holds for a fitted scale: nothing in the signal's units is resolved finer than
 * half its step.
 *
 * Bounded memory: a ring of the last `capacity` values in bfloat16 (bfloat16.ts: within 0.4 % of each value, far
 * below the 14 % a fifty-excess fit is uncertain by; two bytes a value), refitted every `refitEvery` values in a
 * scratch buffer shared by all instances. Given a capacity, the ring starts at FIRST_RING values and doubles as they
 * come, up to it: until it first wraps, value i sits at index i either way, so what is read is the same, and a tail
 * that has seen few values (most, in a large model at start) holds few. The ring (then fixed) and the state
 * (quantile summary and fit) may be views into a caller's buffers.
 */
import { fromBfloat16, toBfloat16 } from './bfloat16';

/** The moment estimator needs a finite variance of the excesses: ξ < 1/2. */
const MAX_SHAPE = 0.45;
/**
 * Excesses a fit needs; fewer and the tail is left empirical. The scale is their mean, off by 1/√k, and a tail read
 * z scales past u carries that error times z in its exponent: with five excesses a point 14 scales out (odds of
 * 4e-8) is uncertain by e^(14/√5), a factor of 500 either way; with ten by e^(14/√10), 80. A lumpy signal's young
 * history shows this: five excesses inside its top lump made the next lump a "1e-8" event.
 */
const MIN_EXCESSES = 10;
/** Quantiles kept for the body of the distribution: every 5 %. */
const SUMMARY_STEPS = 20;
/**
 * State slots after the summary: the fit (u, σ, ξ, runs of excesses k) and the share θ of excesses that start a run,
 * numbers kept unboxed beside the quantiles.
 */
const THRESHOLD = SUMMARY_STEPS + 1;
const SCALE = THRESHOLD + 1;
const SHAPE = SCALE + 1;
const EXCESSES = SHAPE + 1;
const RUN_SHARE = EXCESSES + 1;

/** Values a ring given by its capacity starts with. */
const FIRST_RING = 32;

/** Sorting happens only inside refit(), one instance at a time: one buffer serves every tail. */
let sortScratch = new Float64Array(0);

export class ExceedanceTail {
  /** bfloat16 bits of the last values: `capacity` of them once grown (value i at i % capacity). */
  private ring: Uint16Array;
  private readonly capacity: number;
  private readonly state: Float64Array;
  private count = 0;
  private fitted = 0;
  private sinceFit = 0;

  /** Numbers a caller's state buffer must hold per tail. */
  static readonly STATE_LENGTH = RUN_SHARE + 1;

  constructor(
    /** The ring's size, or the ring itself (a view the caller owns). */
    capacity: number | Uint16Array,
    private readonly quantile: number,
    private readonly refitEvery: number,
    /** Fewer values than this: no opinion (probability 1). */
    private readonly minValues: number,
    state?: Float64Array,
  ) {
    this.capacity = typeof capacity === 'number' ? capacity : capacity.length;
    this.ring = typeof capacity === 'number' ? new Uint16Array(Math.min(capacity, FIRST_RING)) : capacity;
    this.state = state ?? new Float64Array(ExceedanceTail.STATE_LENGTH);
  }

  /**
   * Upper-tail probability of `s` against the values added so far (as of the last fit). `minScale`: the finest
   * scale the statistic can have (half the signal's step when it is in the signal's units), 0 when unknown.
   */
  probability(s: number, minScale = 0): number {
    if (this.fitted < this.minValues) return 1;
    const st = this.state;
    const threshold = st[THRESHOLD];
    const scale = st[SCALE];
    if (s > threshold && scale > 0) {
      const shape = st[SHAPE];
      const z = (s - threshold) / Math.max(scale, minScale);
      // e-folds of the fitted tail: −ln P(excess > s − u) under the fit (z itself for ξ = 0)
      const folds = shape > 0 ? Math.log1p(shape * z) / shape : z;
      const k = st[EXCESSES];
      return (1 - this.quantile) * Math.exp(-k * Math.log1p(folds / k));
    }
    // the body, or beyond u without a fitted tail (ties at the top): never seen among n values is 1/(n + 1)
    const floor = 1 / (this.fitted * st[RUN_SHARE] + 1);
    const max = st[SUMMARY_STEPS];
    if (s > max) {
      // a frozen history (one value throughout) has no spread of its own: only the resolution measures the move
      const frozen = st[0] === max;
      return frozen && minScale > 0 ? floor * Math.exp(-(s - max) / minScale) : floor;
    }
    let k = 0;
    while (st[k] < s) k++;
    return Math.max(floor, 1 - k / SUMMARY_STEPS);
  }

  add(s: number): void {
    const at = this.count % this.capacity;
    // only before the first wrap (at === count): the values held keep their places
    if (at === this.ring.length) this.grow();
    this.ring[at] = toBfloat16(s);
    this.count++;
    this.sinceFit++;
    const n = this.count;
    // first fit as soon as there are enough values, again at each doubling, then every `refitEvery` values
    if (
      this.sinceFit >= this.refitEvery ||
      n === this.minValues ||
      (n > this.minValues && n < this.capacity && (n & (n - 1)) === 0)
    )
      this.refit();
  }

  private grow(): void {
    const grown = new Uint16Array(Math.min(this.capacity, 2 * this.ring.length));
    grown.set(this.ring);
    this.ring = grown;
  }

  /**
   * Runs of consecutive values above u among the last n, in time order: the independent excesses the scale rests
   * on. A statistic that is a median of the last 8 samples stays above u for several samples at a time, and its
   * k excesses carry the information of about k/8 (the runs estimator of the extremal index, Smith & Weissman 1994).
   */
  private clusters(threshold: number, n: number): number {
    const start = this.count > this.capacity ? this.count % this.capacity : 0;
    let runs = 0;
    let above = false;
    for (let i = 0; i < n; i++) {
      const now = fromBfloat16(this.ring[(start + i) % this.capacity]) > threshold;
      if (now && !above) runs++;
      above = now;
    }
    return runs;
  }

  private refit(): void {
    this.sinceFit = 0;
    const st = this.state;
    const n = Math.min(this.count, this.capacity);
    if (sortScratch.length < n) sortScratch = new Float64Array(this.capacity);
    const view = sortScratch.subarray(0, n);
    for (let i = 0; i < n; i++) view[i] = fromBfloat16(this.ring[i]);
    view.sort();
    this.fitted = n;
    for (let k = 0; k <= SUMMARY_STEPS; k++) st[k] = view[Math.floor((k * (n - 1)) / SUMMARY_STEPS)];
    const threshold = view[Math.min(n - 1, Math.floor(this.quantile * n))];
    st[THRESHOLD] = threshold;
    let sum = 0;
    let sumSq = 0;
    let over = 0;
    for (let i = n - 1; i >= 0 && view[i] > threshold; i--) {
      const e = view[i] - threshold;
      sum += e;
      sumSq += e * e;
      over++;
    }
    const runs = this.clusters(threshold, n);
    st[RUN_SHARE] = over > 0 ? runs / over : 1;
    if (over < MIN_EXCESSES) {
      // ties at the top leave too few excesses to fit: the empirical tail alone answers
      st[SCALE] = 0;
      return;
    }
    const mean = sum / over;
    const variance = Math.max(0, sumSq / over - mean * mean);
    const ratio = variance > 0 ? (mean * mean) / variance : Infinity;
    const shape = Math.min(MAX_SHAPE, Math.max(0, 0.5 * (1 - ratio)));
    st[SHAPE] = shape;
    st[SCALE] = mean * (1 - shape);
    st[EXCESSES] = runs;
  }
}
