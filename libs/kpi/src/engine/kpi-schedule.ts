import type { KpiPlan, SignalInput } from './kpi-plan';
import { MinHeap } from './min-heap';

/** Marks a KPI whose value changed with a watermark move; `since`: see KpiSchedule.advance. */
export type Slide = (plan: KpiPlan, since?: number) => void;

/** Superseded staleness deadlines allowed beyond one per KPI before the queue is rebuilt. */
const STALENESS_SLACK = 1024;

/** A prime stride, so consecutive KPIs in dependency order get refresh leads far apart. */
const REFRESH_PHASE_STRIDE = 7_919;

/** Whether the value of the open period moves with the watermark (sliding windows, time-weighted period avg). */
export function followsWatermark(plan: KpiPlan): boolean {
  return plan.formula !== null && (plan.maxSlidingMs > 0 || plan.followsWatermark);
}

/**
 * Which KPIs a pass visits, so that its work follows the data rather than the size of the model:
 * - KPIs marked by samples (and their dependents), in dependency order;
 * - KPIs whose open period closes, from a queue of period ends;
 * - KPIs whose window content changes with time alone, from a queue of the instants it does: a sample (its
 *   bucket: windows start on bucket edges) leaving a sliding window, a gauge level held into a window running out;
 * - KPIs whose value moves with every watermark step (a gauge's time-weighted avg while a level is still held),
 *   until the instant it stops (KpiWindowDeadlines), from a queue of refreshes: without a refresh interval one due
 *   at the next watermark step; with one, at most an interval of event time after its last visit (a little
 *   sooner by a lead of its own, so the refreshes of many KPIs spread over passes) and at the instant it stops;
 * - KPIs whose open value may turn stale, from a queue of staleness deadlines.
 * - KPIs that read other KPIs through windows that move with time, on every pass.
 * The staleness of a KPI that reads other KPIs follows their values: an input's value that turns stale (or fresh)
 * is a changed value, which marks its dependents, and a stale input puts the dependent's deadline at -Infinity
 * (only new data changes it; see KpiEvaluator.staleFrom). With `everyPass` every KPI is visited and re-judged on
 * every pass (the reference behaviour).
 */
export class KpiSchedule {
  private readonly pass = new MinHeap<KpiPlan>();
  private readonly closing = new MinHeap<KpiPlan>();
  /** Staleness deadlines; an entry superseded by a later deadline of its KPI stays until popped (see staleAt). */
  private readonly staleness = new MinHeap<KpiPlan>();
  /** The KPIs with formulas (the staleness queue's bound). */
  private readonly computed: KpiPlan[] = [];
  /** Watermarks at which a KPI's window content changes; entries may repeat (a KPI is marked once per move). */
  private readonly windowChanges = new MinHeap<KpiPlan>();
  /**
   * Moving KPIs by the instant of their next refresh (entries may be stale); each visit of a moving KPI queues the
   * next. Without an interval that is a push and a pop per moving KPI and pass where a set walk would do: small
   * beside evaluating the KPI, and one path serves both modes.
   */
  private readonly movingDue = new MinHeap<KpiPlan>();
  private readonly alwaysMoving: KpiPlan[] = [];
  private readonly alwaysChecked: KpiPlan[] = [];

  constructor(
    plans: readonly KpiPlan[],
    everyPass: boolean,
    private readonly refreshMs = 0,
  ) {
    for (const plan of plans) {
      if (!plan.formula) continue;
      this.computed.push(plan);
      // Windows over other KPIs' values have no deadlines of their own: such KPIs follow every watermark move.
      const readsKpis = plan.inputs.some((input) => input.kind === 'kpi');
      plan.schedule.everyPass = everyPass;
      if (everyPass) this.alwaysChecked.push(plan);
      plan.schedule.alwaysMoving = (everyPass || readsKpis) && followsWatermark(plan);
      if (plan.schedule.alwaysMoving) this.alwaysMoving.push(plan);
      else if (followsWatermark(plan)) plan.schedule.windowed = true;
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

  /**
   * A sample at `ts` read through `input`: each sliding window loses it once its start passed the edge of the
   * sample's bucket, i.e. from the watermark edge + window - 1 on (windows end at watermark + 1).
   */
  sampleArrived(plan: KpiPlan, input: SignalInput, ts: number): void {
    if (!plan.schedule.windowed) return;
    for (const slot of input.slots) {
      if (slot.spec === 'period') continue;
      const at = input.series.windowEdgeAfter(ts, slot.spec) + slot.spec - 1;
      // In-order samples of one bucket share the instant: one queue entry per bucket.
      if (at === slot.leavesAt) continue;
      slot.leavesAt = at;
      this.windowChangeAt(plan, at);
    }
  }

  /** The KPI's window content changes once the watermark reaches `at`. */
  windowChangeAt(plan: KpiPlan, at: number): void {
    if (at !== Infinity) this.windowChanges.push(at, plan);
  }

  /** The open value moves with every watermark step below `until` (set after each visit; -Infinity: it does not). */
  moveUntil(plan: KpiPlan, until: number, wm: number): void {
    const schedule = plan.schedule;
    schedule.visitedAt = wm;
    if (until > wm) {
      // Without an interval, due at `wm`: the next advance (to a later watermark) slides it. With one, this visit
      // brought the value up to date: the next is due an interval (less the KPI's lead) after it, a sample's
      // visit putting off the refresh that was queued.
      if (this.refreshMs === 0) this.refreshAt(plan, wm);
      else this.refreshAt(plan, Math.min(until, wm + this.refreshMs - this.lead(plan)), true);
    } else if (schedule.moving) {
      schedule.moving = false;
      schedule.moveAt = Infinity;
    }
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
    // a queued deadline at `at` is the KPI's current one (one is pushed whenever it changes, popped once due)
    if (plan.schedule.staleAt === at) return;
    plan.schedule.staleAt = at;
    if (at === Infinity) return;
    this.staleness.push(at, plan);
    // every visit moves the deadline of a KPI fed every second, days ahead for a daily update frequency (3 update
    // intervals): superseded entries would pile up for days, so past twice the KPIs the queue is rebuilt
    if (this.staleness.size > 2 * this.computed.length + STALENESS_SLACK)
      this.staleness.retain((due, queued) => queued.schedule.staleAt === due);
  }

  /** Entries in the queue of staleness deadlines (at most about twice the KPIs with formulas). */
  get queuedStaleness(): number {
    return this.staleness.size;
  }

  /**
   * The watermark moved forward to `wm`: `close` is called for each KPI whose open period ended (it returns
   * the end of the new open period), then `slide` once for each KPI whose value changed with the move; `since`, for
   * a moving KPI's refresh, is the watermark it was last brought up to date at (before the previous move when the
   * refresh skipped moves).
   */
  advance(wm: number, close: (plan: KpiPlan) => number, slide: Slide): void {
    while (this.closing.peekKey() <= wm) {
      const end = this.closing.peekKey();
      const plan = this.closing.pop() as KpiPlan;
      if (plan.schedule.closesAt === end) this.closeAt(plan, close(plan));
    }
    for (const plan of this.alwaysMoving) slide(plan);
    while (this.movingDue.peekKey() <= wm) {
      const at = this.movingDue.peekKey();
      const plan = this.movingDue.pop() as KpiPlan;
      if (!plan.schedule.moving || plan.schedule.moveAt !== at) continue;
      // The visit this slide brings queues the next refresh while the value still moves.
      plan.schedule.moving = false;
      plan.schedule.moveAt = Infinity;
      this.slideOnce(plan, wm, slide, plan.schedule.visitedAt);
    }
    while (this.windowChanges.peekKey() <= wm) this.slideOnce(this.windowChanges.pop() as KpiPlan, wm, slide);
  }

  /**
   * Slides at `wm` every moving KPI whose refresh is queued and that was last visited before `wm`, whenever its
   * refresh is due (see KpiEngine.refreshMoving).
   */
  refreshNow(wm: number, slide: Slide): void {
    const current: KpiPlan[] = [];
    while (this.movingDue.size > 0) {
      const at = this.movingDue.peekKey();
      const plan = this.movingDue.pop() as KpiPlan;
      const schedule = plan.schedule;
      if (!schedule.moving || schedule.moveAt !== at) continue;
      if (schedule.visitedAt >= wm) {
        current.push(plan);
        continue;
      }
      schedule.moving = false;
      schedule.moveAt = Infinity;
      this.slideOnce(plan, wm, slide, schedule.visitedAt);
    }
    for (const plan of current) this.movingDue.push(plan.schedule.moveAt, plan);
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

  private slideOnce(plan: KpiPlan, wm: number, slide: Slide, since?: number): void {
    if (plan.schedule.slidAt === wm) return;
    plan.schedule.slidAt = wm;
    slide(plan, since);
  }

  /** Queues a moving KPI's next refresh at `at`, unless an earlier one is queued (or, `replace`, one at `at`). */
  private refreshAt(plan: KpiPlan, at: number, replace = false): void {
    const schedule = plan.schedule;
    if (schedule.moving && (replace ? schedule.moveAt === at : schedule.moveAt <= at)) return;
    schedule.moving = true;
    schedule.moveAt = at;
    this.movingDue.push(at, plan);
  }

  /**
   * How much sooner than a whole interval after its last visit the KPI is refreshed, below 1/16 of an interval and
   * spread by dependency order: KPIs visited in one pass (all of them, at the first one) refresh at intervals of
   * their own, so they drift apart instead of all being due in the same pass every interval.
   */
  private lead(plan: KpiPlan): number {
    return (plan.order * REFRESH_PHASE_STRIDE) % Math.max(1, Math.floor(this.refreshMs / 16));
  }
}
