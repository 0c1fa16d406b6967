/*
 * Streaming anomaly detector for one signal: reads each sample once, in order, and scores it in [0, 1].
 *
 * Three residuals, each judged against its own history by a peaks-over-threshold tail (ExceedanceTail), so no
 * scale or threshold is set per signal:
 * - point: the value against the median of the last values or, once a daily or weekly season is found, its distance
 *   outside the range seen at the same phase in the previous periods (a spike, a daily peak that does not come);
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
import { acf } from '../methods/seasonality-test';
import { AnomalyEpisode } from './anomaly-episode';
import { CountRateCusum } from './count-rate-cusum';
import { ExceedanceTail } from './exceedance-tail';
import { medianInPlace } from './order-statistics';
import { refineStep } from './signal-resolution';
import { DEFAULT_SIGNAL_ANOMALY_SETTINGS, type SignalAnomalySettings } from './signal-anomaly.settings';

/** 90 % band of an autocorrelation under white noise: 1.645/√pairs (the M4 seasonality test's critical value). */
const ACF_CRITICAL = 1.645;
const RESIDUALS = 3;
const POINT = 0;
const SHIFT = 1;
const SPREAD = 2;
/** Probabilities kept for inspection: the three residuals' tails and the rate test. */
const PROBABILITIES = RESIDUALS + 1;
/** Slots of the scalars view: the step, then the probabilities. */
const STEP = 0;
const P0 = 1;
/** Operational signals cycle with the calendar: the candidate seasons are a day and a week. */
const CALENDAR_PERIODS_MS = [86_400_000, 7 * 86_400_000];
/** Phase slack of the seasonal range: a 48th of the period, half an hour in a day (jobs that run a bit late). */
const PHASE_SLACK_DIVISOR = 48;
/**
 * Periods a season must have shown before it is used: two. A pattern seen once is not yet a cycle; seen twice, the
 * autocorrelation at its lag rests on a whole period of pairs, and the range of two periods at a phase is a baseline
 * (the third, when it comes, only widens it). Waiting for `seasonalCycles` periods instead left the daily cycle
 * judged as noise against the recent level for a further day.
 */
const MIN_CYCLES = 2;
/** Sampling intervals whose median is the spacing: robust to gaps in up to 7 of them. */
const SPACING_SAMPLES = 15;
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
 * Medians and the season's autocorrelation need a scratch copy only inside update(), one detector at a time: one
 * buffer serves every detector (100 000 signals must not carry 100 000 of them).
 */
let scratch = new Float64Array(0);

function scratchOf(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(length);
  return scratch;
}

export class SignalAnomalyDetector {
  /** The defaults object itself when nothing is overridden: shared by every detector, not copied. */
  private readonly s: Readonly<SignalAnomalySettings>;
  private readonly history: Float64Array;
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
    // two allocations per detector, every ring a view into them: typed arrays cost a header and a backing store each
    const rings = this.s.shiftShort + this.s.shiftLong;
    const summary = ExceedanceTail.STATE_LENGTH;
    const wide = new Float64Array(
      this.s.historyLength +
        2 * rings +
        SPACING_SAMPLES +
        1 +
        PROBABILITIES +
        RESIDUALS * summary +
        CountRateCusum.STATE_LENGTH,
    );
    let at = 0;
    const take = (length: number): Float64Array => wide.subarray(at, (at += length));
    this.history = take(this.s.historyLength);
    this.residuals = take(rings);
    this.steps = take(rings);
    this.intervals = take(SPACING_SAMPLES);
    this.scalars = take(1 + PROBABILITIES);
    this.scalars[STEP] = Number.NaN;
    // the rate baseline remembers what the values do: the history span
    this.rate = new CountRateCusum(this.s.historyLength, take(CountRateCusum.STATE_LENGTH));
    const narrow = new Uint16Array(RESIDUALS * this.s.tailHistory);
    this.tails = Array.from(
      { length: RESIDUALS },
      (_, i) =>
        new ExceedanceTail(
          narrow.subarray(i * this.s.tailHistory, (i + 1) * this.s.tailHistory),
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
    const cycles = this.cyclesShown();
    const seasonal = cycles >= MIN_CYCLES;
    if (seasonal || this.count >= this.s.levelWindow) {
      const residual = seasonal
        ? this.seasonalResidual(value, cycles)
        : value - this.recentMedian(this.history, 1, this.s.levelWindow);
      const step = this.count > 0 ? Math.abs(value - this.past(this.history, 1)) : 0;
      this.push(this.residuals, residual);
      this.push(this.steps, step);
      pMin = Math.min(pMin, this.judge(POINT, Math.abs(residual), halfStep));
      const filled = this.count - this.s.levelWindow >= this.residuals.length;
      if (filled) {
        // new level against the old one; on a seasonal residual the old level is the seasonal baseline itself
        const now = this.recentMedian(this.residuals, 0, this.s.shiftShort);
        const before = seasonal ? 0 : this.recentMedian(this.residuals, this.s.shiftShort, this.s.shiftLong);
        pMin = Math.min(pMin, this.judge(SHIFT, Math.abs(now - before), 0));
        const spreadNow = this.recentMedian(this.steps, 0, this.s.shiftShort);
        const spreadBefore = this.recentMedian(this.steps, this.s.shiftShort, this.s.shiftLong);
        pMin = Math.min(pMin, this.judge(SPREAD, Math.abs(spreadNow - spreadBefore), 0));
      }
    }
    const tests = this.rate.active ? RESIDUALS + 1 : RESIDUALS;
    const pRate = this.rate.update(value);
    this.scalars[P0 + RESIDUALS] = pRate;
    this.history[this.count % this.history.length] = value;
    this.count++;
    if (timestamp > this.lastTs) this.intervals[this.intervalCount++ % SPACING_SAMPLES] = timestamp - this.lastTs;
    this.lastTs = timestamp;
    if (this.count % this.s.periodRecheckEvery === 0 || this.seasonJustTestable()) this.estimatePeriod();
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

  private push(ring: Float64Array, v: number): void {
    ring[this.count % ring.length] = v;
  }

  /**
   * Value of a ring `back` samples before the current one (history: 1 = the last one added; others: 0 = now).
   * Callers never reach before the first value; the offset only keeps the index non-negative.
   */
  private past(ring: Float64Array, back: number): number {
    return ring[(this.count - back + ring.length * 4) % ring.length];
  }

  /** Median of `length` consecutive values of a ring, the most recent `from` samples back. */
  private recentMedian(ring: Float64Array, from: number, length: number): number {
    const copy = scratchOf(length);
    for (let i = 0; i < length; i++) copy[i] = this.past(ring, from + i);
    return medianInPlace(copy, length);
  }

  /**
   * Whole periods (at most `seasonalCycles`) the history holds before the current phase, reach included: bounded by
   * the values held, not the values seen, since a long period may fit only twice in the history.
   */
  private cyclesShown(): number {
    if (this.period === 0) return 0;
    const held = Math.min(this.count, this.history.length);
    return Math.min(this.s.seasonalCycles, Math.floor((held - this.phaseReach() - 1) / this.period));
  }

  private phaseReach(period = this.period): number {
    return Math.max(1, Math.round(period / PHASE_SLACK_DIVISOR));
  }

  /**
   * Distance of `value` outside the range seen at the same phase (± a 48th of the period: half an hour in a day)
   * in each of the previous `cycles` periods (two to `seasonalCycles`, as the history holds them): 0 for anything
   * the cycle has shown lately, so a daily job that runs a few minutes early or late is not news.
   */
  private seasonalResidual(value: number, cycles: number): number {
    const reach = this.phaseReach();
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 1; k <= cycles; k++) {
      const back = k * this.period;
      for (let j = -reach; j <= reach; j++) {
        const v = this.past(this.history, back + j);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    return value > hi ? value - hi : value < lo ? value - lo : 0;
  }

  private spacing(): number {
    const copy = scratchOf(SPACING_SAMPLES);
    for (let i = 0; i < SPACING_SAMPLES; i++) copy[i] = this.intervals[i];
    return medianInPlace(copy, SPACING_SAMPLES);
  }

  /**
   * True at the sample from which the history first holds `MIN_CYCLES` periods of a calendar lag: the season is
   * tested then, not up to a recheck interval later (a day at 5 minutes is testable from sample 583, the next
   * recheck is at 768). Only while no season is found and the history is filling: a few more tests per signal.
   */
  private seasonJustTestable(): boolean {
    if (this.period > 0 || this.count > this.history.length || this.intervalCount < SPACING_SAMPLES) return false;
    const spacing = this.spacing();
    return CALENDAR_PERIODS_MS.some((ms) => {
      const lag = Math.round(ms / spacing);
      return MIN_CYCLES * lag + this.phaseReach(lag) + 1 === this.count;
    });
  }

  /**
   * A day or a week in samples (at the median of the last sampling intervals), kept when its autocorrelation
   * (on the n − P overlapping pairs) clears the white-noise 90 % band and beats the half-period lag: a cycle, not
   * the slow decay of a drifting level. The stronger of the two wins. Sticky: an anomaly in the history can hide
   * the season for a while, it does not end it.
   */
  private estimatePeriod(): void {
    if (this.intervalCount < SPACING_SAMPLES) return;
    const spacing = this.spacing();
    const n = Math.min(this.count, this.history.length);
    const lags = CALENDAR_PERIODS_MS.map((ms) => Math.round(ms / spacing)).filter(
      (lag) => lag >= this.s.minPeriod && MIN_CYCLES * lag + this.phaseReach(lag) < n,
    );
    if (lags.length === 0) return;
    const y = new Array<number>(n);
    for (let i = 0; i < n; i++) y[i] = this.past(this.history, n - i);
    const r = acf(y, lags[lags.length - 1]);
    // acf divides every lag by the n-term sum of squares: rescale to the pairs actually compared
    const rho = (lag: number): number => (r[lag - 1] * n) / (n - lag);
    let best = 0;
    let bestR = 0;
    for (const lag of lags) {
      const rp = rho(lag);
      if (rp > ACF_CRITICAL / Math.sqrt(n - lag) && rp > rho(Math.floor(lag / 2)) && rp > bestR) {
        best = lag;
        bestR = rp;
      }
    }
    if (best > 0) this.period = best;
  }
}
