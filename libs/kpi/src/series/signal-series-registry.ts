import { parseDuration } from '@bsc/common';
import { signalKindOf, type ReportingPeriod, type SignalDef, type TwinModel } from '@bsc/twin';
import type { FiscalCalendar } from '../calendar/fiscal-calendar';
import type { ResolvedKpiEngineOptions } from '../engine/kpi-engine.options';
import { PeriodTracker } from './period-tracker';
import { SignalSeries } from './signal-series';
import { StampBudget } from './stamp-budget';

/** The bounded history of every signal one engine reads, sized by the KPIs that read it, under one stamp budget. */
export class SignalSeriesRegistry {
  private readonly series = new Map<string, SignalSeries>();
  private readonly budget: StampBudget;
  private readonly signalDefs: Map<string, SignalDef>;

  constructor(
    model: TwinModel,
    private readonly calendar: FiscalCalendar,
    private readonly options: ResolvedKpiEngineOptions,
  ) {
    this.budget = new StampBudget(options.maxKeptStamps);
    this.signalDefs = new Map(model.signals.map((s) => [s.id, s]));
  }

  get(signalId: string): SignalSeries | undefined {
    return this.series.get(signalId);
  }

  /** Every series, in the order the model's KPIs first read them (deterministic for one model). */
  all(): SignalSeries[] {
    return [...this.series.values()];
  }

  /** Late samples no series could join to their neighbours. */
  get unjoined(): number {
    let unjoined = 0;
    for (const series of this.series.values()) unjoined += series.unjoined;
    return unjoined;
  }

  /** The series of a signal, made able to serve a KPI reading it per `period` with windows up to `slidingMs`. */
  for(signalId: string, period: ReportingPeriod, slidingMs: number, staleAfterMs: number): SignalSeries {
    const { bucketMs, retentionMs, latenessMs, maxPeriodsPerType } = this.options;
    let series = this.series.get(signalId);
    const def = this.signalDefs.get(signalId);
    const declaredHold = def?.maxHold === undefined ? null : parseDuration(def.maxHold);
    if (!series) {
      const shape = { kind: def ? signalKindOf(def) : 'gauge', maxHoldMs: declaredHold ?? Infinity } as const;
      series = new SignalSeries(
        signalId,
        bucketMs,
        Math.ceil(retentionMs / bucketMs) + 1,
        this.calendar.zone.hourAlignmentMs,
        { ...shape },
        this.calendar.zone.hourAlignmentChanges ? this.calendar.zone : undefined,
        this.budget,
      );
      this.series.set(signalId, series);
    }
    // Undeclared: a sample is held while the most demanding KPI reading it would still call it fresh.
    if (declaredHold === null) series.shape.maxHoldMs = Math.min(series.shape.maxHoldMs, staleAfterMs);
    series.ensureWindow(slidingMs, latenessMs);
    series.track(new PeriodTracker(period, this.calendar, maxPeriodsPerType));
    return series;
  }
}
