/*
 * Streaming anomaly detector for one signal: reads each sample once, in order, and scores it in [0, 1].
 *
 * Three residuals, each judged against its own history by a peaks-over-threshold tail (ExceedanceTail), so no
 * scale or threshold is set per signal:
 * - point: the value against the median of the last values or, once a daily or weekly season is found, its distance
 *   outside the range seen at the same phase in the previous periods (calendar-season.util.ts: a spike, a daily
 *   peak that does not come);
 * - shift: the median of the last few residuals against the median of the longer stretch before them (a sustained
 *   change too small for any single sample to stand out);
 * - spread: the same for the size of the steps between samples (noise that grows, a signal that freezes).
 * The point residual is read at the signal's resolution: values that are multiples of a step q (a reading to two
 * decimals) cannot resolve a residual below q/2, so its tail scale is never finer than that, and a reading frozen
 * over the whole history that moves by many steps is news at once, not only as "never seen in n samples". (The
 * shift and spread statistics are medians, with steps of their own: they keep their tails as fitted.)
 * A count signal (non-negative whole numbers so far) also gets a Poisson rate CUSUM (count-rate-cusum.ts): a scrap
 * rate that rises sevenfold while the counts stay 0 or 1 moves none of the three, but its likelihood ratio grows.
 * The smallest tail probability, Bonferroni-corrected for the three (four with the rate test), gives the surprise S
 * in decades; the score is S/(S + surpriseDecades). An episode is news once (anomaly-episode.ts): a sample scores
 * only when it is ten times less likely than the last one told in its episode, and the episode ends after a long
 * shift window of ordinary samples, so a level shift raises one alert, not one per sample.
 *
 * Every parameter is a fixed default with its reason next to it; none is fitted per signal or to a benchmark.
 */
import { AnomalyEpisode } from './anomaly-episode';
import {
  calendarPeriod,
  cyclesShown,
  MIN_CYCLES,
  seasonalResidual,
  seasonJustTestable,
  SPACING_SAMPLES,
} from './calendar-season.util';
import { CountRateCusum } from './count-rate-cusum';
import { ExceedanceTail } from './exceedance-tail';
import { ringMedian, ringPast } from './sample-ring.util';
import { refineStep } from './signal-resolution';
import { DEFAULT_SIGNAL_ANOMALY_SETTINGS, type SignalAnomalySettings } from './signal-anomaly.settings';

const RESIDUALS = 3;
const POINT = 0;
const SHIFT = 1;
const SPREAD = 2;
/** Probabilities kept for inspection: the three residuals' tails and the rate test. */
const PROBABILITIES = RESIDUALS + 1;
/** Slots of the scalars view: the step, then the probabilities. */
const STEP = 0;
const P0 = 1;
/**
 * Surprise cap (decades): a tail extrapolated from a thousand residuals cannot back odds beyond 1 in 10^20,
 * and a degenerate history (a flat signal) would otherwise claim infinite surprise.
 */
const MAX_SURPRISE = 20;
/** Within an episode, a sample is news again only when at least ten times less likely than the last one told. */
const EPISODE_MARGIN = 1;
/**
 * A sample whose surprise is below one decade (p > 0.1 after the correction) is in the body of its distributions:
 * ordinary, never told, and a run of them ends an episode.
 */
const ORDINARY_DECADES = 1;
/**
 * Values the history starts with; it doubles as they come, up to `historyLength`. Until it first wraps, value i sits
 * at index i either way and every read reaches back only over the values held (min(count, length)), so the scores
 * are the same; a detector that has seen few samples (most, in a large model soon after start) holds few.
 */
const FIRST_HISTORY = 32;

export class SignalAnomalyDetector {
  /** The defaults object itself when nothing is overridden: shared by every detector, not copied. */
  private readonly s: Readonly<SignalAnomalySettings>;
  private history: Float64Array;
  /** Residuals against the baseline and absolute steps, the most recent `shiftShort + shiftLong`. */
  private readonly residuals: Float64Array;
  private readonly steps: Float64Array;
  private readonly tails: ExceedanceTail[];
  private readonly rate: CountRateCusum;
  private readonly decay: number;
  private count = 0;
  private period = 0;
  private readonly episode: AnomalyEpisode;
  /** Peak of the rate test's episode: the last surprise it told, halving every `episodeHalfLife` samples. */
  private ratePeak = 0;
  private lastTs = Number.NaN;
  /** The last few sampling intervals: their median is the spacing, whatever the gaps. */
  private readonly intervals: Float64Array;
  private intervalCount = 0;
  /**
   * Loose numbers in one view (each typed-array view costs a header): the signal's step (signal-resolution.ts; NaN
   * before the first value, 0 for a continuous signal), then the last sample's uncorrected tail probabilities.
   */
  private readonly scalars: Float64Array;

  constructor(settings: Partial<SignalAnomalySettings> = {}) {
    this.s =
      Object.keys(settings).length === 0
        ? DEFAULT_SIGNAL_ANOMALY_SETTINGS
        : { ...DEFAULT_SIGNAL_ANOMALY_SETTINGS, ...settings };
    this.decay = Math.pow(0.5, 1 / this.s.episodeHalfLife);
    // an episode is over once a whole long shift window is ordinary: the shift baseline no longer holds any of it
    this.episode = new AnomalyEpisode(ORDINARY_DECADES, EPISODE_MARGIN, this.s.shiftLong);
    // the fixed-size numbers in one allocation, every ring a view into it (typed arrays cost a header and a
    // backing store each); the history and the tails' rings grow, each on its own
    const rings = this.s.shiftShort + this.s.shiftLong;
    const summary = ExceedanceTail.STATE_LENGTH;
    const wide = new Float64Array(
      2 * rings + SPACING_SAMPLES + 1 + PROBABILITIES + RESIDUALS * summary + CountRateCusum.STATE_LENGTH,
    );
    let at = 0;
    const take = (length: number): Float64Array => wide.subarray(at, (at += length));
    this.history = new Float64Array(Math.min(this.s.historyLength, FIRST_HISTORY));
    this.residuals = take(rings);
    this.steps = take(rings);
    this.intervals = take(SPACING_SAMPLES);
    this.scalars = take(1 + PROBABILITIES);
    this.scalars[STEP] = Number.NaN;
    // the rate baseline remembers what the values do: the history span; it learns a sample once it has left the
    // long shift window, the recent stretch the shift statistic also holds apart from the level before it
    this.rate = new CountRateCusum(
      this.s.historyLength,
      Math.min(this.s.shiftLong, this.s.historyLength),
      take(CountRateCusum.STATE_LENGTH),
    );
    this.tails = Array.from(
      { length: RESIDUALS },
      () =>
        new ExceedanceTail(
          this.s.tailHistory,
          this.s.tailQuantile,
          this.s.tailRefitEvery,
          this.s.tailMinValues,
          take(summary),
        ),
    );
  }

  /**
   * The last sample's tail probabilities before any correction: point, shift, spread, rate (1: not tested). A copy,
   * for inspection (the calibration benchmark); scoring never allocates.
   */
  get lastProbabilities(): Float64Array {
    return this.scalars.slice(P0, P0 + PROBABILITIES);
  }

  /** The period in use, in samples (0 = none). */
  get seasonalPeriod(): number {
    return this.period;
  }

  /**
   * Scores `value` against the history, then adds it. `timestamp` (epoch ms) lets the detector look for daily and
   * weekly seasons; without it the baseline is the recent level. Non-finite values score 0 and are not kept.
   */
  update(value: number, timestamp = Number.NaN): number {
    if (!Number.isFinite(value)) return 0;
    // the value itself may show a finer step than its history did: judge it at the resolution it reveals
    const halfStep = (this.scalars[STEP] = refineStep(this.scalars[STEP], value)) / 2;
    let pMin = 1;
    this.scalars.fill(1, P0);
    const cycles = cyclesShown(this.history, this.count, this.period, this.s.seasonalCycles);
    const seasonal = cycles >= MIN_CYCLES;
    if (seasonal || this.count >= this.s.levelWindow) {
      const residual = seasonal
        ? seasonalResidual(value, this.history, this.count, this.period, cycles)
        : value - ringMedian(this.history, this.count, 1, this.s.levelWindow);
      const step = this.count > 0 ? Math.abs(value - ringPast(this.history, this.count, 1)) : 0;
      this.push(this.residuals, residual);
      this.push(this.steps, step);
      pMin = Math.min(pMin, this.judge(POINT, Math.abs(residual), halfStep));
      const filled = this.count - this.s.levelWindow >= this.residuals.length;
      if (filled) {
        // new level against the old one; on a seasonal residual the old level is the seasonal baseline itself
        const now = ringMedian(this.residuals, this.count, 0, this.s.shiftShort);
        const before = seasonal ? 0 : ringMedian(this.residuals, this.count, this.s.shiftShort, this.s.shiftLong);
        pMin = Math.min(pMin, this.judge(SHIFT, Math.abs(now - before), 0));
        const spreadNow = ringMedian(this.steps, this.count, 0, this.s.shiftShort);
        const spreadBefore = ringMedian(this.steps, this.count, this.s.shiftShort, this.s.shiftLong);
        pMin = Math.min(pMin, this.judge(SPREAD, Math.abs(spreadNow - spreadBefore), 0));
      }
    }
    const tests = this.rate.active ? RESIDUALS + 1 : RESIDUALS;
    const lag = this.rate.lag;
    const pRate = this.rate.update(value, this.count >= lag ? ringPast(this.history, this.count, lag) : Number.NaN);
    this.scalars[P0 + RESIDUALS] = pRate;
    // the history grows only before it first wraps (count equal to its length): the values keep their places
    if (this.count === this.history.length && this.count < this.s.historyLength) this.growHistory();
    this.history[this.count % this.history.length] = value;
    this.count++;
    if (timestamp > this.lastTs) this.intervals[this.intervalCount++ % SPACING_SAMPLES] = timestamp - this.lastTs;
    this.lastTs = timestamp;
    const recheck = this.count % this.s.periodRecheckEvery === 0;
    if (recheck || seasonJustTestable(this.history, this.count, this.period, this.intervals, this.intervalCount)) {
      this.estimatePeriod();
    }
    const raw = Math.min(MAX_SURPRISE, -Math.log10(Math.min(1, pMin * tests)));
    const surprise = this.episode.tell(raw);
    // the rate test's evidence grows a little each sample, never ten times at once: its episode's peak is what it
    // last told, so it tells each further decade (and a score of 0.5 is reached when the evidence reaches it)
    const rateRaw = Math.min(MAX_SURPRISE, -Math.log10(Math.min(1, pRate * tests)));
    const rateSurprise = rateRaw > this.ratePeak + EPISODE_MARGIN ? rateRaw : 0;
    this.ratePeak = Math.max(rateSurprise, this.ratePeak * this.decay);
    const told = Math.max(surprise, rateSurprise);
    return told / (told + this.s.surpriseDecades);
  }

  private judge(residual: number, size: number, minScale: number): number {
    const tail = this.tails[residual];
    const p = tail.probability(size, minScale);
    tail.add(size);
    this.scalars[P0 + residual] = p;
    return p;
  }

  /** Sticky: an anomaly in the history can hide the season for a while, it does not end it. */
  private estimatePeriod(): void {
    const found = calendarPeriod(this.history, this.count, this.intervals, this.intervalCount, this.s.minPeriod);
    if (found > 0) this.period = found;
  }

  private growHistory(): void {
    const grown = new Float64Array(Math.min(this.s.historyLength, 2 * this.history.length));
    grown.set(this.history);
    this.history = grown;
  }

  private push(ring: Float64Array, v: number): void {
    ring[this.count % ring.length] = v;
  }
}
