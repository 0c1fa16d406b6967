import type { KpiValue } from '@bsc/common';
import type { AnomalyEvent, BscEventMap } from '@bsc/events';
import {
  KpiChangePointDetector,
  anomalyScore,
  forecastBandAt,
  outsideBandProbability,
  type ForecastBand,
  type ForecastBandPoint,
} from '@bsc/forecasting';
import type { DowntimeState } from '@bsc/kpi';
import { canonicalPeriodKey } from '@bsc/scorecard';
import type { KpiDef } from '@bsc/twin';

/** What values are judged by of a forecast: its KPI, period and band, as `forecast.updated` announces them. */
export type KpiForecastBand = Pick<
  BscEventMap['forecast.updated']['forecasts'][number],
  'kpiId' | 'periodKey' | 'band'
>;

interface ForecastBandEntry {
  periodKey: string;
  points: readonly ForecastBandPoint[];
}

interface KpiWatch {
  periodKey: string | null;
  periodStart: number;
  last: number | null;
  /** asOf of the latest value: a value just after a planned window is judged as its restart. */
  lastAsOf: number;
  /** One value per closed period: the value the period ended with. */
  changes: KpiChangePointDetector;
  /** Each period given to `changes`, by series index, as far back as its window reaches. */
  closed: Array<{ start: number; key: string | null }>;
  /**
   * The latest forecast's band, and the latest one whose path starts earlier: a forecast's path begins at the end
   * of the day it was made, so today's values are judged by a forecast made on an earlier day (the one-day-ahead
   * band), while forecasts refresh every few minutes.
   */
  band: ForecastBandEntry | null;
  earlier: ForecastBandEntry | null;
  /** Surprise (decades) of the current excursion outside the band; 0 inside. */
  outsidePeak: number;
}

/**
 * The planned-downtime state, at a time, of what a KPI's value is computed from: the assets and processes measured by
 * the signals of its formula lineage (see AnomalyMonitors).
 */
export type KpiDowntime = (kpiId: string, ts: number) => DowntimeState | null;

/**
 * A KPI period's value as stored (the number it was closed with: its newest before the next period's first), which
 * a restarted monitor takes its history from.
 */
export type KpiPeriodValue = Pick<KpiValue, 'kpiId' | 'periodKey' | 'periodStart' | 'value' | 'asOf'>;

/** Change-point window: what the detector keeps, so the period starts kept beside it never outgrow it. */
const CHANGE_WINDOW = 64;

/** Periods of history a restarted monitor needs per KPI: the detector's window and the period still open. */
export const KPI_HISTORY_PERIODS = CHANGE_WINDOW + 1;

/**
 * The KPI's own anomalies, judged as its values arrive: a value outside the 95 % band of the latest forecast's path
 * at the value's time, and change points in the series of period values (each period counts with the value it
 * ended with, so a running month-to-date total is not a "trend"). An excursion outside the band is reported when it
 * starts and again only when ten times less likely than its worst so far, as the signal detector does.
 *
 * Planned downtime, as for signals: an anomaly found while what the KPI is computed from is in a planned window or
 * its restart time (a value outside the band at its asOf, or the first value after such a time; a change point at
 * the start of its new level's first period) is flagged `planned`: recorded and announced, never alerted on.
 */
export class KpiAnomalyMonitor {
  private readonly watches = new Map<string, KpiWatch>();

  /** `previous`: the monitor of the former model version; KPIs still in the model keep their history. */
  constructor(
    kpis: readonly KpiDef[],
    previous?: KpiAnomalyMonitor,
    private readonly downtime: KpiDowntime = () => null,
  ) {
    for (const kpi of kpis) {
      this.watches.set(
        kpi.id,
        previous?.watches.get(kpi.id) ?? {
          periodKey: null,
          periodStart: -Infinity,
          last: null,
          lastAsOf: -Infinity,
          changes: new KpiChangePointDetector({ window: CHANGE_WINDOW }),
          closed: [],
          band: null,
          earlier: null,
          outsidePeak: 0,
        },
      );
    }
  }

  /**
   * Forecasts live or read back from storage. One whose path starts before the latest one's (a stored one read after
   * a live one arrived: see the runtime's model change) is at most the earlier band, never the latest.
   */
  useForecasts(forecasts: readonly KpiForecastBand[]): void {
    for (const f of forecasts) {
      const watch = this.watches.get(f.kpiId);
      if (!watch || !f.band || f.band.length === 0) continue;
      const next = { periodKey: canonicalPeriodKey(f.periodKey), points: f.band };
      const start = next.points[0].time;
      if (watch.band && start < watch.band.points[0].time) {
        if (!watch.earlier || watch.earlier.points[0].time <= start) watch.earlier = next;
        continue;
      }
      if (watch.band && watch.band.points[0].time < start) watch.earlier = watch.band;
      watch.band = next;
    }
  }

  /**
   * Period values read back from storage after a restart (per KPI oldest first, the newest period last): taken as the
   * live path took them, so the detector holds the series it held, and the newest period stays open for its next
   * values. What they show was told when they arrived: a change point found in them is not told again, and the
   * detector drops what came before it as it did then. Like a live value, one older than the KPI's period is late.
   * A KPI that took a live value before the read came back keeps what it has (its stored values are older).
   */
  useHistory(values: readonly KpiPeriodValue[]): void {
    const fresh = new Set([...this.watches].flatMap(([id, w]) => (w.lastAsOf === -Infinity ? [id] : [])));
    for (const value of values) {
      const watch = this.watches.get(value.kpiId);
      if (watch && fresh.has(value.kpiId)) this.take(watch, value);
    }
  }

  /**
   * The KPIs whose latest value, read back at a start (useHistory), lies outside its band: an excursion the runtime
   * before this one may have told, and how far is known only from what it stored (resumeExcursions).
   */
  outsideAtStart(kpiIds: readonly string[]): Array<Pick<KpiPeriodValue, 'kpiId' | 'periodStart' | 'asOf'>> {
    return kpiIds.flatMap((kpiId) => {
      const w = this.watches.get(kpiId);
      return w && this.surpriseOfLatest(w) > 0 ? [{ kpiId, periodStart: w.periodStart, asOf: w.lastAsOf }] : [];
    });
  }

  /**
   * What was told of the excursions outsideAtStart found (per KPI the newest told in its period, the farthest: each
   * told one went further than the one before): the next value is news only when ten times less likely than it, as
   * without the start. One of another period, or of a KPI whose latest value is no longer outside, is not its peak.
   */
  resumeExcursions(
    told: ReadonlyArray<Pick<AnomalyEvent, 'kpiId' | 'ts' | 'value' | 'lower' | 'upper' | 'periodKey'>>,
  ): void {
    for (const a of told) {
      const watch = this.watches.get(a.kpiId);
      if (!watch || a.value === null || a.lower === null || a.upper === null || a.periodKey === null) continue;
      const samePeriod =
        watch.periodKey !== null && canonicalPeriodKey(a.periodKey) === canonicalPeriodKey(watch.periodKey);
      if (!samePeriod || a.ts > watch.lastAsOf || this.surpriseOfLatest(watch) === 0) continue;
      const peak = surpriseOf(outsideBandProbability(a.value, { lower: a.lower, upper: a.upper }));
      watch.outsidePeak = Math.max(watch.outsidePeak, peak);
    }
  }

  observe(value: KpiValue): AnomalyEvent[] {
    const watch = this.watches.get(value.kpiId);
    if (!watch) return [];
    const previousAsOf = watch.lastAsOf;
    const taken = this.take(watch, value);
    if (!taken || value.value === null) return [];
    const found = taken.closed ? [taken.closed] : [];
    const outside = this.judgeBand(watch, value, value.value);
    if (outside)
      found.push(this.inDowntime(value.kpiId, value.asOf, previousAsOf) ? { ...outside, planned: true } : outside);
    return found;
  }

  /** The value as its period's latest, closing the period before; null when not taken (no number, or late). */
  private take(watch: KpiWatch, value: KpiPeriodValue): { closed: AnomalyEvent | null } | null {
    if (value.value === null || !Number.isFinite(value.value)) return null;
    if (value.periodStart < watch.periodStart) return null; // a late value of a closed period
    let closed: AnomalyEvent | null = null;
    if (value.periodStart > watch.periodStart) {
      closed = this.closePeriod(value.kpiId, watch);
      watch.periodStart = value.periodStart;
      watch.periodKey = value.periodKey;
      watch.outsidePeak = 0;
    }
    watch.last = value.value;
    watch.lastAsOf = Math.max(watch.lastAsOf, value.asOf);
    return { closed };
  }

  /** In downtime at `ts`, or the first value after a value that was (a restart). */
  private inDowntime(kpiId: string, ts: number, previous: number): boolean {
    if (this.downtime(kpiId, ts)) return true;
    return previous > -Infinity && this.downtime(kpiId, previous) !== null;
  }

  private closePeriod(kpiId: string, watch: KpiWatch): AnomalyEvent | null {
    if (watch.last === null) return null;
    watch.closed.push({ start: watch.periodStart, key: watch.periodKey });
    const change = watch.changes.update(watch.last);
    // keep the periods the detector can still point at: the last CHANGE_WINDOW
    if (watch.closed.length > CHANGE_WINDOW) watch.closed.shift();
    if (!change) return null;
    const first = watch.closed[watch.closed.length - (watch.changes.count - change.index)];
    return {
      kind: 'kpi_change_point',
      kpiId,
      signalId: null,
      ts: first.start,
      score: change.score,
      value: change.after,
      expected: change.before,
      lower: null,
      upper: null,
      periodKey: first.key,
      ...(this.downtime(kpiId, first.start) ? { planned: true } : {}),
    };
  }

  /** The surprise of the KPI's latest value outside its band; 0 inside it or with no band. */
  private surpriseOfLatest(watch: KpiWatch): number {
    const band = watch.periodKey === null ? null : bandAt(watch, watch.periodKey, watch.lastAsOf);
    return band && watch.last !== null ? surpriseOf(outsideBandProbability(watch.last, band)) : 0;
  }

  private judgeBand(watch: KpiWatch, value: KpiValue, v: number): AnomalyEvent | null {
    const band = bandAt(watch, value.periodKey, value.asOf);
    if (!band) return null;
    const p = outsideBandProbability(v, band);
    if (p >= 1) {
      watch.outsidePeak = 0;
      return null;
    }
    const surprise = surpriseOf(p);
    // news when the excursion starts, then only when ten times less likely than its worst so far
    if (watch.outsidePeak > 0 && surprise <= watch.outsidePeak + 1) return null;
    watch.outsidePeak = surprise;
    return {
      kind: 'kpi_interval',
      kpiId: value.kpiId,
      signalId: null,
      ts: value.asOf,
      score: anomalyScore(p),
      value: v,
      expected: (band.lower + band.upper) / 2,
      lower: band.lower,
      upper: band.upper,
      periodKey: value.periodKey,
    };
  }
}

/** The band a value of `periodKey` at `asOf` is judged by: the latest forecast's, else the earlier one's. */
function bandAt(watch: KpiWatch, periodKey: string, asOf: number): ForecastBand | null {
  const key = canonicalPeriodKey(periodKey);
  const bandOf = (entry: ForecastBandEntry | null) =>
    entry && entry.periodKey === key ? forecastBandAt(entry.points, asOf) : null;
  return bandOf(watch.band) ?? bandOf(watch.earlier);
}

/** Decades of surprise of a tail probability (0 inside the band, where p is 1). */
function surpriseOf(p: number): number {
  return p >= 1 ? 0 : -Math.log10(Math.max(p, 1e-300));
}
