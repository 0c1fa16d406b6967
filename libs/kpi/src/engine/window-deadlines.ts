import type { LatestSample } from '../series/signal-series';
import type { KpiPlan } from './kpi-plan';
import type { KpiSchedule } from './kpi-schedule';
import type { PeriodMarker } from './period-marker';

/**
 * After a KPI with windows was visited at watermark `wm`: when its open value changes next with time alone, besides
 * the samples leaving its sliding windows (queued as they arrive, see KpiSchedule.sampleArrived). Only gauges
 * join time: a window [start, wm + 1) over a gauge holds the carry-in level (the newest sample before `start`) from
 * `start` until carry + maxHold, and the newest sample's level from its time until + maxHold (WindowAccumulator).
 * - avg weighs those spans by time: while the newest level is still held the value moves with every watermark
 *   step, and while the carry-in is held into a sliding window it moves with every step of the window's start.
 *   The KPI follows the watermark until both ran out (a moving KPI, evaluated on every pass).
 * - every function (coverage, and min/max through the carried level) changes when the carry-in stops being held:
 *   once the window start reaches carry + maxHold, a deadline.
 * The carry-in changes only when a sample leaves the window, which visits the KPI again.
 */
export class WindowDeadlines {
  private readonly carry: LatestSample = { ts: 0, value: 0, quality: 'good' };

  constructor(
    private readonly schedule: KpiSchedule,
    private readonly marker: PeriodMarker,
  ) {}

  visited(plan: KpiPlan, wm: number): void {
    const open = this.marker.periodAt(plan, wm);
    let movingUntil = -Infinity;
    for (const input of plan.inputs) {
      if (input.kind !== 'signal' || input.series.shape.kind !== 'gauge') continue;
      const series = input.series;
      const holdMs = series.shape.maxHoldMs;
      for (const slot of input.slots) {
        // The newest level's span grows until wm + 1 reaches its time + maxHold.
        if (slot.timeWeighted && series.latestTs !== -Infinity)
          movingUntil = Math.max(movingUntil, series.latestTs + holdMs);
        if (slot.spec === 'period') continue;
        const windowMs = slot.spec;
        const start = series.windowStart(wm + 1 - windowMs, windowMs);
        if (!series.latestBefore(start, plan.period, open.start, this.carry)) continue;
        const heldUntil = this.carry.ts + holdMs;
        if (heldUntil <= start) continue;
        // The first watermark whose window starts at or after heldUntil (starts are bucket edges).
        const endsAt =
          heldUntil === Infinity ? Infinity : series.windowEdgeAfter(heldUntil - 1, windowMs) + windowMs - 1;
        if (slot.timeWeighted) movingUntil = Math.max(movingUntil, endsAt);
        else if (endsAt !== slot.carryEndsAt) {
          slot.carryEndsAt = endsAt;
          this.schedule.windowChangeAt(plan, endsAt);
        }
      }
    }
    this.schedule.moveUntil(plan, movingUntil, wm);
  }
}
