import type { EvaluationClock } from './kpi-evaluator';
import type { KpiPlan } from './kpi-plan';
import type { KpiSchedule } from './kpi-schedule';
import type { PeriodMarker } from './period-marker';

/**
 * What moving event time marks for the next pass: history newly covered before the first sample, periods closed
 * by the watermark (re-evaluated at their end) and sliding windows that follow it. Only KPIs whose deadlines the
 * move passes are visited (see KpiSchedule).
 */
export class WatermarkAdvance {
  /** Oldest accepted sample time: values exist for every period from its period to the watermark's. */
  firstTs = Infinity;

  constructor(
    private readonly clock: EvaluationClock,
    private readonly plans: readonly KpiPlan[],
    private readonly marker: PeriodMarker,
    private readonly schedule: KpiSchedule,
  ) {}

  /**
   * Every formula KPI gets a value for every period from the first sample's to the watermark's, whatever the
   * arrival order: newly covered history is marked, closed periods are re-evaluated at their end, and sliding
   * windows follow the watermark while they hold recent samples.
   */
  advance(firstBefore: number, wmBefore: number): void {
    const wm = this.clock.watermark;
    const first = this.firstTs;
    if (wm === -Infinity) return;
    if (first < firstBefore) {
      for (const plan of this.plans) if (plan.formula) this.marker.markRange(plan, first, Math.min(firstBefore, wm));
    }
    if (wmBefore === -Infinity) {
      for (const plan of this.plans) if (plan.formula) this.schedule.closeAt(plan, this.marker.periodAt(plan, wm).end);
      return;
    }
    if (wm <= wmBefore) return;
    this.schedule.advance(
      wm,
      (plan) => {
        const openBefore = this.marker.periodAt(plan, wmBefore);
        this.marker.mark(plan, openBefore);
        this.marker.markRange(plan, openBefore.end, wm);
        return this.marker.periodAt(plan, wm).end;
      },
      (plan, since = wmBefore) => this.markSlid(plan, since, wm),
    );
  }

  /** Marks every open value that moves with time alone and waits for its refresh, as of the watermark. */
  refreshMoving(): void {
    const wm = this.clock.watermark;
    if (wm !== -Infinity) this.schedule.refreshNow(wm, (plan, since = wm) => this.markSlid(plan, since, wm));
  }

  /** A KPI slid to `wm`: a refresh that skipped moves marks what they would have marked since its last visit. */
  private markSlid(plan: KpiPlan, since: number, wm: number): void {
    this.marker.markRange(plan, Math.max(since, wm - plan.maxSlidingMs), wm);
  }
}
