import type { KpiValue } from '@bsc/common';
import type { BscEventMap } from '@bsc/events';
import type { FiscalCalendar } from '@bsc/kpi';
import {
  canonicalPeriodKey,
  cascadedValuesAbove,
  periodKeysAt,
  resolveTarget,
  scoreKpi,
  type KpiObservation,
  type ObservedAnomaly,
  type TargetOverride,
  type TargetOverrides,
} from '@bsc/scorecard';
import type { KpiDef, TwinModel } from '@bsc/twin';

/** One period-end projection, as announced on `forecast.updated`. */
export type KpiForecast = BscEventMap['forecast.updated']['forecasts'][number];

/** The latest known state of one KPI: what the evaluator last saw, plus context for messages. */
export interface KpiState {
  periodKey: string | null;
  periodStart: number;
  value: number | null;
  target: number | null;
  observation: KpiObservation | null;
  forecast: KpiForecast | null;
}

/**
 * Turns `kpi.updated` values and `forecast.updated` projections into evaluator observations. Every observation
 * carries the KPI's complete latest state (value, status, probability), so a forecast never looks like a status
 * change and a value never drops the forecast of its period. Values of an older period than the newest seen (late
 * samples re-opening a closed month) are not the KPI's current state and are ignored.
 */
export class KpiObservationTracker {
  private readonly kpis: ReadonlyMap<string, KpiDef>;
  private readonly states = new Map<string, KpiState>();
  /** The newest value of each KPI the engine computes, which cascaded family KPIs are derived from. */
  private readonly latest = new Map<string, KpiValue>();
  private overrides: TargetOverrides = new Map();

  /**
   * With the model's calendar, cumulative KPIs are judged against their to-date target, as on the scorecard; with
   * the model, cascaded family KPIs (no formula: their descendants' KPIs combined) are observed too (fromCascades).
   */
  constructor(
    kpis: readonly KpiDef[],
    private readonly calendar?: FiscalCalendar,
    private readonly model?: TwinModel,
  ) {
    this.kpis = new Map(kpis.map((k) => [k.id, k]));
  }

  setOverrides(
    list: ReadonlyArray<{
      kpiId: string;
      periodKey: string;
      value: number;
      lower: number | null;
      upper: number | null;
    }>,
  ): void {
    const byKpi = new Map<string, Map<string, TargetOverride>>();
    for (const o of list) {
      let periods = byKpi.get(o.kpiId);
      if (!periods) byKpi.set(o.kpiId, (periods = new Map<string, TargetOverride>()));
      periods.set(o.periodKey, { value: o.value, lower: o.lower ?? undefined, upper: o.upper ?? undefined });
    }
    this.overrides = byKpi;
  }

  get targetOverrides(): TargetOverrides {
    return this.overrides;
  }

  /**
   * What the tracker this one replaces (a new model version) knew: its run-time target overrides, and the latest
   * state of each KPI still in the model (with its period's forecast), its value scored again by this version's
   * definition. Without the state an input's anomaly or a forecast arriving before the KPI's next value would find
   * nothing to observe and reach no rule.
   */
  carryFrom(previous: KpiObservationTracker, now: number): void {
    this.overrides = previous.overrides;
    for (const [kpiId, state] of previous.states) if (this.kpis.has(kpiId)) this.states.set(kpiId, { ...state });
    for (const value of previous.latest.values()) this.fromValue(value, now);
    this.fromCascades([...this.latest.keys()], now);
  }

  /**
   * The KPIs' newest stored values, read back at start: the latest state the process before kept, so that an input's
   * anomaly or a forecast arriving before a KPI's next value still reaches the rules. Not observed: they were judged
   * when they arrived. A KPI whose live value came first keeps it.
   */
  useStored(values: readonly KpiValue[], now: number): void {
    for (const value of values) if (!this.latest.has(value.kpiId)) this.fromValue(value, now);
    this.fromCascades([...this.latest.keys()], now);
  }

  state(kpiId: string): KpiState | undefined {
    return this.states.get(kpiId);
  }

  kpi(kpiId: string): KpiDef | undefined {
    return this.kpis.get(kpiId);
  }

  /** The observation for a new KPI value at `now`, or undefined for unknown KPIs and superseded periods. */
  fromValue(value: KpiValue, now: number): KpiObservation | undefined {
    const observation = this.observe(value, now);
    if (observation) this.latest.set(value.kpiId, value);
    return observation;
  }

  /**
   * Observations of the cascaded family KPIs that new values of these KPIs feed (after their fromValue), derived
   * for the periods in force at `now` as the scorecard derives them; none without the model and its calendar.
   */
  fromCascades(changed: readonly string[], now: number): KpiObservation[] {
    if (!this.model || !this.calendar) return [];
    const derived = cascadedValuesAbove(this.model, changed, this.latest, {
      periodKeyFor: periodKeysAt(this.model, now),
      targetsOverride: this.overrides,
    });
    // not kept in `latest`: a cascade above them derives again from the values they came from
    return derived.flatMap((value) => this.observe(value, now) ?? []);
  }

  private observe(value: KpiValue, now: number): KpiObservation | undefined {
    const def = this.kpis.get(value.kpiId);
    if (!def) return undefined;
    const previous = this.states.get(value.kpiId);
    if (previous && value.periodStart < previous.periodStart) return undefined;
    const scoring = scoreKpi(def, value.value, {
      periodKey: value.periodKey,
      targetsOverride: this.overrides,
      now,
      lastUpdate: value.asOf,
      stale: value.quality.stale,
      calendar: this.calendar,
    });
    const forecast =
      previous?.forecast && samePeriod(previous.forecast.periodKey, value.periodKey) ? previous.forecast : null;
    const observation: KpiObservation = {
      kpiId: def.id,
      at: now,
      value: value.value,
      status: scoring.status,
      target: scoring.toDateTarget,
      probability: forecast?.probability ?? null,
      updatedAt: value.asOf,
    };
    this.states.set(def.id, {
      periodKey: value.periodKey,
      periodStart: value.periodStart,
      value: value.value,
      target: scoring.target,
      observation,
      forecast,
    });
    return observation;
  }

  /**
   * The KPI's latest state with the new probability; undefined when it is for another period than the value's, or
   * when no value has been seen yet (the forecast is kept for the first value: an observation without a value
   * would tell the stale rule that data is flowing).
   */
  fromForecast(forecast: KpiForecast, now: number): KpiObservation | undefined {
    const def = this.kpis.get(forecast.kpiId);
    if (!def) return undefined;
    const previous = this.states.get(def.id);
    if (!previous) {
      const target = resolveTarget(def, forecast.periodKey, this.overrides)?.value ?? null;
      this.states.set(def.id, {
        periodKey: forecast.periodKey,
        periodStart: -Infinity,
        value: null,
        target,
        observation: null,
        forecast,
      });
      return undefined;
    }
    if (previous.periodKey && !samePeriod(previous.periodKey, forecast.periodKey)) return undefined;
    previous.forecast = forecast;
    if (!previous.observation) return undefined;
    const observation: KpiObservation = {
      ...previous.observation,
      at: Math.max(now, previous.observation.at),
      probability: forecast.probability,
    };
    previous.observation = observation;
    return observation;
  }

  /**
   * The KPI's latest state with an input's anomaly score, at `now` (the anomaly rule holds from this instant, or
   * from its `detectedAt` when it was read back from storage);
   * undefined before the KPI's first value. The score is not kept in the state: it belongs to this observation only.
   */
  fromAnomaly(anomaly: { kpiId: string } & ObservedAnomaly, now: number): KpiObservation | undefined {
    const previous = this.states.get(anomaly.kpiId)?.observation;
    if (!previous) return undefined;
    return {
      ...previous,
      at: Math.max(now, previous.at),
      anomaly: {
        kind: anomaly.kind,
        signalId: anomaly.signalId,
        score: anomaly.score,
        ...(anomaly.detectedAt !== undefined && { detectedAt: anomaly.detectedAt }),
      },
    };
  }
}

/** "FY2026-Q3" and "2026-Q3" name the same period. */
function samePeriod(a: string, b: string): boolean {
  return canonicalPeriodKey(a) === canonicalPeriodKey(b);
}
