import { COARSE_BUCKET_MS } from '../series/signal-series';
import type { KpiPlan, SignalInput } from './kpi-plan';
import { MinHeap } from './min-heap';

/** Whether the value of the open period moves with the watermark (sliding windows, time-weighted period avg). */
export function followsWatermark(plan: KpiPlan): boolean {
  return plan.formula !== null && (plan.maxSlidingMs > 0 || plan.followsWatermark);
}

/**
 * Which KPIs a pass visits, so that its work follows the data rather than the size of the model:
 * - KPIs marked by samples (and their dependents), in dependency order;
 * - KPIs whose open period closes, from a queue of period ends;
 * - KPIs whose windows still hold recent samples, while those slide out (the value moves with the watermark);
 * - KPIs whose open value may turn stale, from a queue of staleness deadlines.
 * KPIs that read other KPIs are re-judged on every pass. With `everyPass` every KPI is (the reference behaviour).
 */
export class KpiSchedule {
  private readonly pass = new MinHeap<KpiPlan>();
  private readonly closing = new MinHeap<KpiPlan>();
  private readonly staleness = new MinHeap<KpiPlan>();
  private readonly moving = new Set<KpiPlan>();
  private readonly alwaysMoving: KpiPlan[] = [];
  private readonly alwaysChecked: KpiPlan[] = [];

  constructor(
    plans: readonly KpiPlan[],
    everyPass: boolean,
    /** Windows start on a bucket edge: a sample may stay in a window up to one (coarse) bucket longer. */
    private readonly slackMs = COARSE_BUCKET_MS,
  ) {
    for (const plan of plans) {
      if (!plan.formula) continue;
      const readsKpis = plan.inputs.some((input) => input.kind === 'kpi');
      plan.schedule.everyPass = everyPass || readsKpis;
      if (plan.schedule.everyPass) this.alwaysChecked.push(plan);
      plan.schedule.alwaysMoving = plan.schedule.everyPass && followsWatermark(plan);
      if (plan.schedule.alwaysMoving) this.alwaysMoving.push(plan);
      else if (followsWatermark(plan))
        for (const input of plan.inputs) if (input.kind === 'signal') input.movingMs = this.movingMs(plan, input);
    }
  }

  /** Queues a KPI for the current pass (a no-op while it is queued or being evaluated). */
  enqueue(plan: KpiPlan): void {
    if (plan.schedule.queued) return;
    plan.schedule.queued = true;
    this.pass.push(plan.order, plan);
  }

  /** Next KPI of the pass in dependency order; call done() after evaluating it. */
  next(): KpiPlan | undefined {
    return this.pass.pop();
  }

  done(plan: KpiPlan): void {
    plan.schedule.queued = false;
  }

  /** A sample at `ts` read through `input`: the KPI's value moves with the watermark until it left every window. */
  sampleArrived(plan: KpiPlan, input: SignalInput, ts: number): void {
    const until = ts + input.movingMs;
    const schedule = plan.schedule;
    if (until <= schedule.movingUntil) return;
    schedule.movingUntil = until;
    if (schedule.moving) return;
    schedule.moving = true;
    this.moving.add(plan);
  }

  /** Re-judges the staleness of the KPI's open period in the next pass (e.g. its inputs were marked stale). */
  checkStaleness(plan: KpiPlan): void {
    plan.schedule.checkStale = true;
    this.enqueue(plan);
  }

  /** The open period of the KPI ends at `end`. */
  closeAt(plan: KpiPlan, end: number): void {
    plan.schedule.closesAt = end;
    this.closing.push(end, plan);
  }

  /** The open value may turn stale from `at` on (Infinity: only new data can change its staleness). */
  staleAt(plan: KpiPlan, at: number): void {
    plan.schedule.staleAt = at;
    if (at !== Infinity) this.staleness.push(at, plan);
  }

  /**
   * The watermark moved forward to `wm`: `close` is called for each KPI whose open period ended (it returns
   * the end of the new open period), then `slide` for each KPI whose value still moves with the watermark.
   */
  advance(wm: number, close: (plan: KpiPlan) => number, slide: (plan: KpiPlan) => void): void {
    while (this.closing.peekKey() <= wm) {
      const end = this.closing.peekKey();
      const plan = this.closing.pop() as KpiPlan;
      if (plan.schedule.closesAt === end) this.closeAt(plan, close(plan));
    }
    for (const plan of this.alwaysMoving) slide(plan);
    for (const plan of this.moving) {
      slide(plan);
      if (plan.schedule.movingUntil > wm) continue;
      plan.schedule.moving = false;
      this.moving.delete(plan);
    }
  }

  /** Queues the staleness checks due at `asOf` (the later of watermark and tick) for the pass about to run. */
  queueDueChecks(asOf: number): void {
    for (const plan of this.alwaysChecked) this.checkStaleness(plan);
    while (this.staleness.peekKey() <= asOf) {
      const at = this.staleness.peekKey();
      const plan = this.staleness.pop() as KpiPlan;
      if (plan.schedule.staleAt !== at) continue;
      plan.schedule.staleAt = Infinity;
      this.checkStaleness(plan);
    }
  }

  /**
   * How long after a sample the input's windows still move with the watermark (-Infinity: never, Infinity: as
   * long as the period is open). Shapes are fixed once the plans are built.
   */
  private movingMs(plan: KpiPlan, input: SignalInput): number {
    const shape = input.series.shape;
    const gauge = shape.kind === 'gauge';
    // A gauge's last value is held up to the watermark (at most maxHoldMs): a time-weighted period avg grows with it.
    const heldInPeriod = gauge && plan.followsWatermark && input.slots.some((slot) => slot.spec === 'period');
    if (input.maxSlidingMs === 0 && !heldInPeriod) return -Infinity;
    const holdMs = gauge ? shape.maxHoldMs : 0;
    return holdMs === Infinity ? Infinity : input.maxSlidingMs + holdMs + this.slackMs;
  }
}
