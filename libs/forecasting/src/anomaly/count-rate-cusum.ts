/*
 * Rate-change test for a count signal: a signal whose values so far are all non-negative whole numbers is read as a
 * count per sample (scrap per second, events per interval). A rise of its rate by a few times is invisible to point,
 * shift and spread statistics while the counts are mostly 0 and 1, but a likelihood ratio sees it.
 *
 * Page's CUSUM on the Poisson log-likelihood ratio of a rate k·λ0 against the baseline λ0: per sample x,
 *   S ← max(0, S + x·ln k − (k − 1)·λ0),
 * for k = 2, 4, 8 upwards and k = 1/2 downwards. S is the largest log-likelihood ratio of any recent stretch, and
 * e^(sum of the ratios of a stretch) is a mean-1 martingale under the baseline, so (Ville's inequality)
 * P(S ≥ h) ≤ e^(−h) under H0: p = e^(−S), Bonferroni-corrected for the four, is a tail probability on the same
 * scale as the detector's other tails.
 *
 * Real counts are often overdispersed (bursty traffic, lumps of whole units): each ratio is divided by the index of
 * dispersion φ = variance/mean (at least 1), the quasi-Poisson likelihood, so a signal whose counts vary ten times
 * more than a Poisson's needs ten times the evidence.
 *
 * The baseline (mean and second moment) is a running mean, then an exponential average over the detector's history
 * span, of each sample `lag` samples late (the caller passes the one that many samples back): a change does not
 * teach the baseline its first `lag` samples while its evidence is still building (the demo's fivefold scrap rate
 * on line 3 takes 77 s to reach 100:1; learned at once, it had raised the baseline by a sixth by then). A sample that
 * took a CUSUM past ln 100 (a change at 100:1) is never learned; every other one is, late but always, so under the
 * baseline no stretch is selected out for being high. (Holding back a CUSUM's whole run, or the samples before a
 * change, does select: a baseline that happens to sit low keeps the CUSUMs up, learns nothing more, and false alarms
 * multiply.) A changed rate that lasts a whole history span is the new normal: the baseline restarts from it and
 * forgets the samples still waiting, which are from before.
 *
 * O(1) per sample; state: the numbers below, in a view the caller owns.
 */
/**
 * Upward rate ratios: doublings. The CUSUM for k is optimal for a change of exactly k; a ladder of doublings puts
 * any rise between about 1.4× and 11× within a factor √2 of one of them, where the per-sample evidence lost is small.
 */
const UP_RATIOS = [2, 4, 8];
/** Downward: a halving, the smallest drop worth telling (a line that stops shows a zero rate at once). */
const DOWN_RATIO = 0.5;
/** Tests whose smallest p is taken: Bonferroni factor. */
const TESTS = UP_RATIOS.length + 1;
/**
 * The baseline learns only while every CUSUM is below ln 100: under the baseline a CUSUM is that high at most 1 % of
 * the time (Ville), so freezing then hardly biases the estimate, and past it the evidence of a change is 100:1.
 */
const FREEZE = Math.log(100);
/**
 * Samples and counts before the test has an opinion: a rate estimated from m events is off by about 1/√m, and a
 * CUSUM on a baseline 30 % too low (m = 10) would drift upwards; 30 events keep the error near 18 %.
 */
const MIN_EVENTS = 30;
/**
 * The test is for sparse counts: a baseline below ln 2 makes 0 the most common value (P(0) = e^−λ > 1/2), so the
 * median-based point, shift and spread statistics are blind to its rate. Denser counts move their median when the
 * rate moves, and are often not counts at all but gauges read in whole units (a level of 20 or 80): for them the
 * other statistics speak, and this test stays out.
 */
const MAX_RATE = Math.LN2;

const NON_NEGATIVE_INTEGERS = 0;
const N = 1;
const MEAN = 2;
const SECOND = 3;
const RAISED_N = 4;
const RAISED_SUM = 5;
const UP = 6;
const DOWN = UP + UP_RATIOS.length;
const EVENTS = DOWN + 1;
/** Samples seen, and which of the last `lag` are not to be learned (one bit each, 32 a number). */
const SEEN = EVENTS + 1;
const SKIP = SEEN + 1;
const MAX_LAG = 64;
const SKIP_WORDS = MAX_LAG / 32;

export class CountRateCusum {
  /** Numbers a caller's state buffer must hold. */
  static readonly STATE_LENGTH = SKIP + SKIP_WORDS;
  private readonly state: Float64Array;
  private readonly weight: number;
  /** How many samples late a sample is learned (at most 64). */
  readonly lag: number;

  constructor(
    /** Samples the baseline remembers (half-life of its exponential average), and how long a change may last before
     * it is the new normal. */
    private readonly span: number,
    /** How many samples late to learn a sample: the caller passes that sample to `update`. */
    lag: number,
    state?: Float64Array,
  ) {
    this.lag = Math.max(1, Math.min(MAX_LAG, Math.round(lag)));
    this.state = state ?? new Float64Array(CountRateCusum.STATE_LENGTH);
    this.state[NON_NEGATIVE_INTEGERS] = 1;
    this.weight = 1 - Math.pow(0.5, 1 / span);
  }

  /** True while every value so far is a non-negative whole number. */
  get isCount(): boolean {
    return this.state[NON_NEGATIVE_INTEGERS] === 1;
  }

  /** The largest upward statistic (for tests and inspection). */
  get upward(): number {
    let s = 0;
    for (let i = 0; i < UP_RATIOS.length; i++) s = Math.max(s, this.state[UP + i]);
    return s;
  }

  get downward(): number {
    return this.state[DOWN];
  }

  /** True when the test has an opinion: a count, with enough events, sparse (see MAX_RATE). */
  get active(): boolean {
    const st = this.state;
    return st[NON_NEGATIVE_INTEGERS] === 1 && st[EVENTS] >= MIN_EVENTS && st[MEAN] > 0 && st[MEAN] < MAX_RATE;
  }

  /** Baseline rate per sample. */
  get baseline(): number {
    return this.state[MEAN];
  }

  /**
   * Tail probability of `x` and the stretch before it under the baseline (1: no opinion), then learns `lagged`, the
   * value `lag` samples before `x` (NaN when there is none), unless it was past ln 100. A value that is not a
   * non-negative whole number ends the test for good: the signal is not a count.
   */
  update(x: number, lagged: number): number {
    const st = this.state;
    if (st[NON_NEGATIVE_INTEGERS] !== 1) return 1;
    if (x < 0 || x !== Math.round(x)) {
      st[NON_NEGATIVE_INTEGERS] = 0;
      return 1;
    }
    const index = st[SEEN]++;
    let p = 1;
    const lambda = st[MEAN];
    let raised = false;
    if (this.active) {
      const dispersion = Math.max(1, (st[SECOND] - lambda * lambda) / lambda);
      let s = 0;
      for (let i = 0; i < UP_RATIOS.length; i++) {
        const k = UP_RATIOS[i];
        st[UP + i] = Math.max(0, st[UP + i] + (x * Math.log(k) - (k - 1) * lambda) / dispersion);
        s = Math.max(s, st[UP + i]);
      }
      st[DOWN] = Math.max(0, st[DOWN] + (x * Math.log(DOWN_RATIO) - (DOWN_RATIO - 1) * lambda) / dispersion);
      s = Math.max(s, st[DOWN]);
      p = Math.min(1, TESTS * Math.exp(-s));
      raised = s >= FREEZE;
    }
    // the slot of `x` held the sample `lag` back: read whether to learn that one, then mark `x`
    const slot = index % this.lag;
    const word = SKIP + (slot >> 5);
    const bit = 1 << (slot & 31);
    const skipLagged = (st[word] & bit) !== 0;
    st[word] = raised ? st[word] | bit : st[word] & ~bit;
    const restarted = raised && this.holdOrRestart(x);
    if (!raised) st[RAISED_N] = st[RAISED_SUM] = 0;
    if (index >= this.lag && !skipLagged && !restarted && Number.isFinite(lagged)) this.learn(lagged);
    return p;
  }

  /** Raised: the baseline holds; a change that lasts `span` samples becomes the baseline (true: it just did). */
  private holdOrRestart(x: number): boolean {
    const st = this.state;
    st[RAISED_N]++;
    st[RAISED_SUM] += x;
    if (st[RAISED_N] < this.span) return false;
    st[MEAN] = st[RAISED_SUM] / st[RAISED_N];
    // second moment unknown for the raised stretch: start it Poisson (variance = mean)
    st[SECOND] = st[MEAN] + st[MEAN] * st[MEAN];
    for (let i = UP; i <= DOWN; i++) st[i] = 0;
    st[RAISED_N] = 0;
    st[RAISED_SUM] = 0;
    // the samples still waiting are from before the change: not the new normal
    st.fill(-1, SKIP, SKIP + SKIP_WORDS);
    return true;
  }

  private learn(x: number): void {
    const st = this.state;
    st[N]++;
    st[EVENTS] += x;
    const w = Math.max(1 / st[N], this.weight);
    st[MEAN] += w * (x - st[MEAN]);
    st[SECOND] += w * (x * x - st[SECOND]);
  }
}
