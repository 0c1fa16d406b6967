import type { ReportingPeriod } from '@bsc/twin';
import type { KeepFrom } from '../checkpoint/kpi-checkpoint';
import type { FiscalCalendar } from '../calendar/fiscal-calendar';
import type { KpiPlan } from './kpi-plan';
import { summariesKeptFrom } from './kpi-plan-values';
import { checkpointHorizon } from './replay-horizon';

/**
 * Which summaries a checkpoint cut at a given instant keeps. The floors depend on the cut only through the periods
 * holding it (one per period type in use), so they are worked out once per such set of periods, not at every
 * checkpoint: with many KPIs that walk is the longest part of one.
 */
export class CheckpointKeep {
  private readonly types: ReportingPeriod[];
  private cached: { periods: string; keepFrom: KeepFrom | null } | undefined;

  constructor(
    private readonly plans: readonly KpiPlan[],
    private readonly calendar: FiscalCalendar,
  ) {
    this.types = [...new Set(plans.map((p) => p.period))];
  }

  /** The floors changed (a bounded replay or a restore): worked out again at the next checkpoint. */
  reset(): void {
    this.cached = undefined;
  }

  /** Null when a bounded replay did not read every period the checkpoint would hold (its summaries are partial). */
  at(cut: number): KeepFrom | null {
    const periods = this.types.map((type) => this.calendar.periodOf(cut, type).start).join(',');
    if (this.cached?.periods !== periods) {
      const { floors } = checkpointHorizon(this.plans, this.calendar, cut);
      const partial = this.plans.some((plan) => (floors.get(plan.id) as number) < plan.floor);
      this.cached = { periods, keepFrom: partial ? null : summariesKeptFrom(this.plans, floors, Infinity) };
    }
    const keepFrom = this.cached.keepFrom;
    return keepFrom && ((id, type) => Math.min(keepFrom(id, type), cut));
  }
}
