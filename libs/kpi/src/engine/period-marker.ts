import type { ReportingPeriod } from '@bsc/twin';
import type { FiscalCalendar, FiscalPeriod } from '../calendar/fiscal-calendar';
import type { KpiPlan } from './kpi-plan';

/** Upper bound of periods one change may mark for recomputation (a year of days, with slack). */
export const MAX_PERIODS_MARKED = 400;

// Shortest length of each period type (23-hour days at DST changes), to clip very long ranges to their most recent periods.
const MIN_PERIOD_MS: Readonly<Record<ReportingPeriod, number>> = {
  day: 23 * 3_600_000,
  week: 7 * 86_400_000 - 3_600_000,
  month: 28 * 86_400_000,
  quarter: 89 * 86_400_000,
  year: 365 * 86_400_000,
};

/** Records which (KPI, period) pairs the next pass must recompute. */
export class PeriodMarker {
  /** Last period looked up per plan: consecutive samples nearly always hit it again, so no calendar call. */
  private readonly lastSeen = new Map<KpiPlan, FiscalPeriod>();

  constructor(
    private readonly calendar: FiscalCalendar,
    /** Told about each plan that got a period to recompute. */
    private readonly onMarked: (plan: KpiPlan) => void = () => undefined,
  ) {}

  mark(plan: KpiPlan, period: FiscalPeriod): void {
    if (plan.dirty.has(period.start)) return;
    plan.dirty.set(period.start, period);
    this.onMarked(plan);
  }

  /**
   * Marks every period of the plan overlapping [from, to] (at least the one containing `from`). Very long
   * ranges keep their most recent MAX_PERIODS_MARKED periods.
   */
  markRange(plan: KpiPlan, from: number, to: number): void {
    const earliest = to - (MAX_PERIODS_MARKED - 1) * MIN_PERIOD_MS[plan.period];
    let period = this.periodAt(plan, from < earliest ? earliest : from);
    for (;;) {
      this.mark(plan, period);
      if (period.end > to) break;
      period = this.calendar.nextPeriod(period);
      this.lastSeen.set(plan, period);
    }
  }

  periodAt(plan: KpiPlan, ts: number): FiscalPeriod {
    const cached = this.lastSeen.get(plan);
    if (cached && ts >= cached.start && ts < cached.end) return cached;
    const period = this.calendar.periodOf(ts, plan.period);
    this.lastSeen.set(plan, period);
    return period;
  }
}
