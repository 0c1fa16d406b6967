import { maxOf, minOf } from '@bsc/common';
import type { FiscalCalendar } from '../calendar/fiscal-calendar';
import type { KpiPlan } from './kpi-plan';

/**
 * How much stored history a replay needs: per KPI the first period it evaluates (its floor), per signal the first
 * sample time it reads. A replay of each signal from its `from`, plus its newest sample before that (the value
 * carried into the first window: gauge weights, counter steps, the latest value), gives every period from the
 * floors on exactly the value a replay of everything gives. Periods before a floor are never evaluated.
 */
export interface ReplayHorizon {
  /** KPI id → start of the first period evaluated. */
  floors: ReadonlyMap<string, number>;
  /** Signal id → first sample time read (only signals some KPI reads). */
  signals: ReadonlyMap<string, number>;
  /** The earliest of `signals` (Infinity without any). */
  from: number;
  /**
   * The latest floor: a sample older than this may change a period before some KPI's floor (directly or through
   * KPIs that read that KPI), which the bounded state cannot recompute; it needs a replay from further back.
   */
  lateBound: number;
}

/**
 * Floors: the period holding `since` (the newest sample less the retention horizon, or an older late sample), and
 * what dependents read of each KPI's earlier periods (windows over KPI values, the latest value before a period).
 */
export function replayHorizon(plans: readonly KpiPlan[], calendar: FiscalCalendar, since: number): ReplayHorizon {
  const floors = new Map<KpiPlan, number>();
  // dependents come after their inputs in `plans`: walk backwards so each dependent's floor is known first
  for (let i = plans.length - 1; i >= 0; i--) {
    const plan = plans[i];
    let floor = calendar.periodOf(since, plan.period).start;
    for (const { plan: dependent, input } of plan.dependents) {
      const reach = (floors.get(dependent) as number) - input.maxSlidingMs - (input.usesLatest ? 1 : 0);
      floor = Math.min(floor, calendar.periodOf(reach, plan.period).start);
    }
    floors.set(plan, floor);
  }
  const signals = new Map<string, number>();
  for (const [plan, floor] of floors) {
    for (const input of plan.inputs) {
      if (input.kind !== 'signal') continue;
      const from = floor - input.maxSlidingMs;
      signals.set(input.id, Math.min(signals.get(input.id) ?? Infinity, from));
    }
  }
  return {
    floors: new Map([...floors].map(([plan, floor]) => [plan.id, floor])),
    signals,
    from: minOf(signals.values()),
    lateBound: maxOf(floors.values()),
  };
}

/**
 * What a restore from a checkpoint cut at `cut` reads: the floors of a replay from `cut`, but each signal only from
 * `cut` (its period summaries are in the checkpoint) unless a sliding window reads it, which needs its samples from
 * the start of the first window evaluated (one ending at the cut, or at the end of an earlier floor period). A sample older than `cut` arriving later cannot be joined to its neighbours exactly in the
 * restored buckets, so the late bound is at least `cut`.
 */
export function checkpointHorizon(plans: readonly KpiPlan[], calendar: FiscalCalendar, cut: number): ReplayHorizon {
  const { floors, lateBound } = replayHorizon(plans, calendar, cut);
  const signals = new Map<string, number>();
  for (const plan of plans) {
    // windows are evaluated ending at a period's end or at the watermark (past the cut), never earlier: the floor
    // period's end, or the cut when that period was still open at it
    const firstEnd = Math.min(cut, calendar.periodOf(floors.get(plan.id) as number, plan.period).end);
    for (const input of plan.inputs) {
      if (input.kind !== 'signal') continue;
      const from = input.maxSlidingMs > 0 ? firstEnd - input.maxSlidingMs : cut;
      signals.set(input.id, Math.min(signals.get(input.id) ?? Infinity, from));
    }
  }
  return {
    floors,
    signals,
    from: minOf(signals.values()),
    lateBound: Math.max(lateBound, cut),
  };
}
