import type { KpiValue } from '@bsc/common';
import type { FiscalPeriod } from '../calendar/fiscal-calendar';
import type { ResolvedKpiEngineOptions } from './kpi-engine.options';
import type { KpiEngineStats } from './kpi-engine.stats';
import type { EvaluationClock, KpiEvaluator } from './kpi-evaluator';
import type { KpiPlan } from './kpi-plan';
import type { KpiSchedule } from './kpi-schedule';
import { sameEvaluation } from './kpi-value.util';
import type { PeriodMarker } from './period-marker';
import { WindowDeadlines } from './window-deadlines';

/**
 * One evaluation pass of the engine: the plans the schedule queued, each over its dirty periods, with the
 * staleness checks and the marking of dependents that a changed value brings.
 */
export class KpiPass {
  private readonly windows: WindowDeadlines;

  constructor(
    private readonly clock: Readonly<EvaluationClock>,
    private readonly schedule: KpiSchedule,
    private readonly marker: PeriodMarker,
    private readonly evaluator: KpiEvaluator,
    private readonly counters: Pick<KpiEngineStats, 'evaluations' | 'unheldWindows'>,
    private readonly options: Pick<ResolvedKpiEngineOptions, 'clock'>,
  ) {
    this.windows = new WindowDeadlines(schedule, marker);
  }

  /**
   * Evaluates the queued plans' dirty periods in dependency order; returns the values that changed. `deferOpen`:
   * the open periods of KPIs no other KPI reads stay marked for a later pass instead (see KpiEngine.replay).
   */
  run(deferOpen = false): KpiValue[] {
    const changed: KpiValue[] = [];
    const wm = this.clock.watermark;
    let deferred: Array<[KpiPlan, FiscalPeriod]> | undefined;
    if (wm !== -Infinity) this.schedule.queueDueChecks(Math.max(wm, this.clock.tickNow));
    for (let plan = this.schedule.next(); plan !== undefined; plan = this.schedule.next()) {
      if (plan.schedule.checkStale) {
        plan.schedule.checkStale = false;
        if (plan.formula && wm !== -Infinity) this.checkStaleness(plan, wm);
      }
      for (const period of plan.dirty.values()) {
        if (plan.manual.has(period.key) || period.start < plan.floor) continue;
        // an open value evaluated now would be evaluated again before anything reads it
        if (deferOpen && period.end > wm && plan.dependents.length === 0) {
          (deferred ??= []).push([plan, period]);
          continue;
        }
        // (the open period's windows end at the watermark: always held)
        if (plan.maxSlidingMs > 0 && period.end <= wm && !this.evaluator.holdsWindows(plan, period, this.clock)) {
          // its windows left the buckets: the period keeps the value computed while they were held
          this.counters.unheldWindows++;
          continue;
        }
        const evaluation = this.evaluator.evaluate(plan, period, this.clock);
        this.counters.evaluations++;
        const previous = plan.computed.get(period.key);
        if (previous && sameEvaluation(previous, evaluation)) continue;
        const value: KpiValue = {
          kpiId: plan.id,
          periodKey: period.key,
          periodStart: period.start,
          periodEnd: period.end,
          value: evaluation.value,
          asOf: evaluation.asOf,
          quality: evaluation.quality,
          computedAt: this.options.clock(),
          origin: 'computed',
        };
        plan.computed.set(period.key, value);
        changed.push(value);
        this.markDependents(plan, period);
      }
      plan.dirty.clear();
      if (plan.formula && wm !== -Infinity && !plan.schedule.everyPass) this.scheduleStaleness(plan, wm);
      if (plan.schedule.windowed && wm !== -Infinity) this.windows.visited(plan, wm);
      this.schedule.done(plan);
    }
    if (deferred) for (const [plan, period] of deferred) this.marker.mark(plan, period);
    return changed;
  }

  /** Next instant the open value may turn stale with no new data (deadline queue instead of a check per pass). */
  private scheduleStaleness(plan: KpiPlan, wm: number): void {
    const open = this.marker.periodAt(plan, wm);
    const from = plan.manual.has(open.key) ? -Infinity : this.evaluator.staleFrom(plan, open, this.clock);
    // One millisecond early, and checked exactly once due: the check itself is the reference.
    const due = from - 1;
    const stale =
      from === -Infinity || (due <= Math.max(wm, this.clock.tickNow) && this.evaluator.isStale(plan, open, this.clock));
    this.schedule.staleAt(plan, stale ? Infinity : due);
  }

  /** Staleness moves with the watermark and tick() even when no input changed: re-evaluate when it flips. */
  private checkStaleness(plan: KpiPlan, wm: number): void {
    const open = this.marker.periodAt(plan, wm);
    if (plan.dirty.has(open.start) || plan.manual.has(open.key)) return;
    const stored = plan.computed.get(open.key);
    if (!stored || stored.quality.stale !== this.evaluator.isStale(plan, open, this.clock))
      this.marker.mark(plan, open);
  }

  /** A value of `plan` for `period` changed: marks what its dependents read of it. */
  markDependents(plan: KpiPlan, period: FiscalPeriod): void {
    const wm = this.clock.watermark;
    for (const { plan: dependent, input } of plan.dependents) {
      this.marker.markRange(
        dependent,
        period.start,
        Math.min(period.end - 1 + input.maxSlidingMs, Math.max(wm, period.start)),
      );
    }
  }
}
