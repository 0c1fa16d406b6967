/*
 * Anomalies of a KPI's own values, on the score scale of the signal detector (surprise S = −log10 p in decades,
 * score S/(S + 5)), so one `minScore` means the same odds for signals and KPIs:
 * - outside the forecast's 95 % interval: the band read as a normal ±1.96σ around its middle, p = P(|Z| ≥ z);
 * - a change point: the best split of the recent period values into two levels (a two-sample t test at every split
 *   point, Bonferroni-corrected for the number of splits tried).
 */
import { DEFAULT_SIGNAL_ANOMALY_SETTINGS } from './signal-anomaly.settings';
import { normalTwoSided, studentTwoSided } from './tail-probabilities';

/** One point of a forecast's path: the 95 % band of the period-to-date value at `time`. */
export interface ForecastBandPoint {
  time: number;
  lower95: number;
  upper95: number;
}

export interface ForecastBand {
  lower: number;
  upper: number;
}

/** z of the 95 % two-sided normal band: the band's half-width in standard deviations. */
const Z95 = 1.959963984540054;
/** A forecast's odds beyond 1 in 10^20 are extrapolation, and a zero-width band would claim infinite surprise. */
const MAX_SURPRISE = 20;

/** Score in [0, 1) of a tail probability, on the signal detector's scale. */
export function anomalyScore(p: number): number {
  const surprise = Math.min(MAX_SURPRISE, -Math.log10(Math.min(1, Math.max(p, 0))));
  return surprise / (surprise + DEFAULT_SIGNAL_ANOMALY_SETTINGS.surpriseDecades);
}

/**
 * Day ends of a forecast's path that values are judged against (announced with `forecast.updated`, read back from a
 * stored forecast after a restart): today's, tomorrow's, and one more if a day's runs fail. They are all a value
 * is judged by before the next day's forecast, and keep the event small for any period length.
 */
export const FORECAST_BAND_POINTS = 3;

/** The 95 % band of a forecast's path that values are judged against: its first FORECAST_BAND_POINTS day ends. */
export function judgedBand(points: readonly ForecastBandPoint[]): ForecastBandPoint[] {
  return points.slice(0, FORECAST_BAND_POINTS).map(({ time, lower95, upper95 }) => ({ time, lower95, upper95 }));
}

/**
 * The band at `time`, linear between the two points around it (the path's points are day ends; a period-to-date
 * value between them moves about linearly). Null before the first point or after the last: the forecast does not
 * say how wide the band is at its origin.
 */
export function forecastBandAt(points: readonly ForecastBandPoint[], time: number): ForecastBand | null {
  if (points.length === 0 || time < points[0].time || time > points[points.length - 1].time) return null;
  let i = 0;
  while (points[i].time < time) i++;
  const b = points[i];
  if (b.time === time || i === 0) return { lower: b.lower95, upper: b.upper95 };
  const a = points[i - 1];
  const w = (time - a.time) / (b.time - a.time);
  return { lower: a.lower95 + w * (b.lower95 - a.lower95), upper: a.upper95 + w * (b.upper95 - a.upper95) };
}

/** Two-sided probability of a value at least this far from the band's middle; 1 inside the band. */
export function outsideBandProbability(value: number, band: ForecastBand): number {
  if (value >= band.lower && value <= band.upper) return 1;
  const sigma = (band.upper - band.lower) / (2 * Z95);
  if (!(sigma > 0)) return 0;
  return normalTwoSided((value - (band.lower + band.upper) / 2) / sigma);
}

export interface KpiChangePoint {
  /** Position in the series (0 = the first value the detector was given) of the first value of the new level. */
  index: number;
  before: number;
  after: number;
  /** Bonferroni-corrected two-sided p of the split. */
  p: number;
  score: number;
}

export interface ChangePointSettings {
  /** Values kept: a bounded window; older ones no longer count. */
  window: number;
  /** Fewest values on either side of a split: two cannot tell a level from an outlier pair. */
  minSegment: number;
  /** Corrected p below which a split is reported: one in a thousand. */
  maxP: number;
}

export const DEFAULT_CHANGE_POINT_SETTINGS: Readonly<ChangePointSettings> = { window: 64, minSegment: 3, maxP: 1e-3 };

/**
 * Streaming change points of one series (a KPI's period values). After each value, every split of the kept values
 * is tested (pooled-variance t, O(window) with prefix sums); the best one, when significant, is reported once and
 * the values before it are dropped, so the next change is judged against the new level only.
 */
export class KpiChangePointDetector {
  private readonly s: ChangePointSettings;
  private readonly values: Float64Array;
  private length = 0;
  /** Series index of values[0]. */
  private offset = 0;

  constructor(settings: Partial<ChangePointSettings> = {}) {
    this.s = { ...DEFAULT_CHANGE_POINT_SETTINGS, ...settings };
    this.values = new Float64Array(this.s.window);
  }

  /** Values given so far (the index the next one gets). */
  get count(): number {
    return this.offset + this.length;
  }

  update(value: number): KpiChangePoint | null {
    if (!Number.isFinite(value)) return null;
    if (this.length === this.values.length) this.drop(1);
    this.values[this.length++] = value;
    const found = this.bestSplit();
    if (found) this.drop(found.index - this.offset);
    return found;
  }

  private bestSplit(): KpiChangePoint | null {
    const n = this.length;
    const m = this.s.minSegment;
    if (n < 2 * m) return null;
    // sums of the values less the first one: no cancellation on large levels (revenue in the millions)
    const ref = this.values[0];
    let total = 0;
    let totalSq = 0;
    for (let i = 0; i < n; i++) {
      const v = this.values[i] - ref;
      total += v;
      totalSq += v * v;
    }
    let best: { k: number; t: number; before: number; after: number } | null = null;
    let sum = 0;
    let sumSq = 0;
    for (let k = 1; k <= n - m; k++) {
      const v = this.values[k - 1] - ref;
      sum += v;
      sumSq += v * v;
      if (k < m) continue;
      const before = sum / k;
      const after = (total - sum) / (n - k);
      // within-segment sums of squares, pooled over n − 2 degrees of freedom
      const within = Math.max(0, sumSq - k * before * before + (totalSq - sumSq) - (n - k) * after * after);
      const diff = Math.abs(after - before);
      const se = Math.sqrt((within / (n - 2)) * (1 / k + 1 / (n - k)));
      const t =
        se > 1e-12 * Math.max(1, Math.abs(ref)) ? diff / se : diff > 1e-12 * Math.max(1, Math.abs(ref)) ? Infinity : 0;
      if (!best || t > best.t) best = { k, t, before: before + ref, after: after + ref };
    }
    if (!best) return null;
    const p = Math.min(1, studentTwoSided(best.t, n - 2) * (n - 2 * m + 1));
    if (p >= this.s.maxP) return null;
    return { index: this.offset + best.k, before: best.before, after: best.after, p, score: anomalyScore(p) };
  }

  private drop(count: number): void {
    this.values.copyWithin(0, count, this.length);
    this.length -= count;
    this.offset += count;
  }
}
