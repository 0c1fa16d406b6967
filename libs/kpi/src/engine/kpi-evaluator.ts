import type { KpiQuality, SampleQuality } from '@bsc/common';
import type { FormulaContext, WindowFunction, WindowSpec } from '@bsc/formula';
import type { SampleAccumulator } from '../aggregation/sample-accumulator';
import { joinsSamples } from '../aggregation/signal-shape';
import type { FiscalCalendar, FiscalPeriod } from '../calendar/fiscal-calendar';
import type { LatestSample } from '../series/signal-series';
import type { KpiPlan, PlanInput } from './kpi-plan';

export interface Evaluation {
  value: number | null;
  asOf: number;
  quality: KpiQuality;
}

/** Event-time state the evaluation depends on; never the wall clock. */
export interface EvaluationClock {
  /** Newest sample time seen by the engine (-Infinity before the first). */
  watermark: number;
  /** Latest tick(now); only moves staleness of the open period. */
  tickNow: number;
}

const rank = (q: SampleQuality): number => (q === 'bad' ? 2 : q === 'uncertain' ? 1 : 0);
const worse = (a: SampleQuality, b: SampleQuality): SampleQuality => (rank(b) > rank(a) ? b : a);

/**
 * The instant a period is evaluated at (exclusive): its end once the watermark passed it, the watermark for
 * the open period, and the end again for periods ahead of the watermark (fed only by manual KPI inputs).
 */
export function evaluationEnd(period: FiscalPeriod, watermark: number): number {
  return period.start <= watermark && watermark < period.end ? watermark + 1 : period.end;
}

/** Instant staleness is judged at: the period end when closed, else the watermark or the latest tick. */
export function staleAsOf(period: FiscalPeriod, clock: EvaluationClock): number {
  return period.end <= clock.watermark ? period.end : Math.max(clock.watermark, clock.tickNow);
}

/**
 * Fills a plan's window slots and latest values for one period, then runs its compiled formula. One instance
 * is reused for every evaluation (it is the FormulaContext), so the hot path allocates nothing per input.
 */
export class KpiEvaluator implements FormulaContext {
  private plan: KpiPlan | null = null;
  private readonly staleScratch: LatestSample = { ts: 0, value: 0, quality: 'good' };
  private readonly carryScratch: LatestSample = { ts: 0, value: 0, quality: 'good' };

  constructor(private readonly calendar: FiscalCalendar) {}

  resolveLatest(id: string): number | null {
    const input = this.plan?.inputByLatestId.get(id);
    return input !== undefined && input.latest.found ? input.latest.value : null;
  }

  resolveWindow(fn: WindowFunction, id: string, window: WindowSpec): number | null {
    const acc = this.plan?.slotsById.get(id)?.get(window);
    return acc === undefined ? null : acc.result(fn);
  }

  evaluate(plan: KpiPlan, period: FiscalPeriod, clock: EvaluationClock): Evaluation {
    const end = evaluationEnd(period, clock.watermark);
    for (const input of plan.inputs) this.fill(plan, input, period, end);
    this.plan = plan;
    let value: number | null;
    try {
      value = plan.formula ? plan.formula(this) : null;
    } finally {
      this.plan = null;
    }
    return { value, asOf: this.asOf(plan, period), quality: this.quality(plan, period, clock) };
  }

  /**
   * Fills the plan's inputs for one period exactly as evaluate() does and lets `read` query them through the
   * formula context (attribution reads each term of the formula this way).
   */
  inspect<T>(plan: KpiPlan, period: FiscalPeriod, clock: EvaluationClock, read: (ctx: FormulaContext) => T): T {
    const end = evaluationEnd(period, clock.watermark);
    for (const input of plan.inputs) this.fill(plan, input, period, end);
    this.plan = plan;
    try {
      return read(this);
    } finally {
      this.plan = null;
    }
  }

  /**
   * Whether the series still hold every sliding window the period's evaluation reads. A closed period re-opened by
   * a sample later than the fine horizon would otherwise be evaluated over part of its windows.
   */
  holdsWindows(plan: KpiPlan, period: FiscalPeriod, clock: EvaluationClock): boolean {
    const end = evaluationEnd(period, clock.watermark);
    for (const input of plan.inputs) {
      if (input.kind !== 'signal' || input.maxSlidingMs === 0) continue;
      for (const slot of input.slots) {
        if (slot.spec !== 'period' && !input.series.holdsWindow(end - slot.spec, slot.spec)) return false;
      }
    }
    return true;
  }

  /** Whether the period's value would be stale now; cheap, used to decide whether to re-evaluate. */
  isStale(plan: KpiPlan, period: FiscalPeriod, clock: EvaluationClock): boolean {
    const asOf = staleAsOf(period, clock);
    const end = evaluationEnd(period, clock.watermark);
    const open = period.end > clock.watermark;
    for (const input of plan.inputs) {
      if (input.kind === 'kpi') {
        if (this.kpiInputValue(input, end)?.quality.stale) return true;
        continue;
      }
      const series = input.series;
      if (open && series.stale) return true;
      // Usable samples only, so that the answer is a function of the data before `end` alone.
      const newest = series.latestBefore(end, plan.period, period.start, this.staleScratch)
        ? this.staleScratch.ts
        : -Infinity;
      // Never heard from is not stale: coverage already says the input is missing.
      if (newest !== -Infinity && asOf - newest > plan.staleAfterMs) return true;
    }
    return false;
  }

  /**
   * Earliest instant from which isStale() may turn true for the period with no new data: -Infinity when an input
   * is marked stale or reads a stale KPI, Infinity when no input was ever heard from.
   */
  staleFrom(plan: KpiPlan, period: FiscalPeriod, clock: EvaluationClock): number {
    const end = evaluationEnd(period, clock.watermark);
    const open = period.end > clock.watermark;
    let from = Infinity;
    for (const input of plan.inputs) {
      if (input.kind === 'kpi') {
        if (this.kpiInputValue(input, end)?.quality.stale) return -Infinity;
        continue;
      }
      if (open && input.series.stale) return -Infinity;
      if (input.series.latestBefore(end, plan.period, period.start, this.staleScratch))
        from = Math.min(from, this.staleScratch.ts + plan.staleAfterMs);
    }
    return from;
  }

  private fill(plan: KpiPlan, input: PlanInput, period: FiscalPeriod, end: number): void {
    for (const slot of input.slots) {
      const acc = slot.acc;
      acc.reset();
      const from = slot.spec === 'period' ? period.start : end - slot.spec;
      if (input.kind === 'kpi') {
        this.kpiWindowInto(acc, input.plan, from, end);
        continue;
      }
      const series = input.series;
      let start = from;
      if (slot.spec === 'period') {
        const summary = series.tracker(plan.period)?.get(period.start);
        if (summary) acc.merge(summary, series.shape);
      } else {
        start = series.windowInto(acc, from, end);
      }
      // Gauges hold and counters count from the newest reading before the window.
      if (joinsSamples(series.shape)) {
        const carry = this.carryScratch;
        const found = series.latestBefore(start, plan.period, period.start, carry);
        acc.bound(start, end, found ? carry.ts : -Infinity, carry.value);
      }
    }
    if (!input.usesLatest) return;
    const latest = input.latest;
    if (input.kind === 'signal') {
      latest.found = input.series.latestBefore(end, plan.period, period.start, latest);
      return;
    }
    const source = this.kpiInputValue(input, end);
    latest.found = source !== undefined && source.value !== null;
    if (source !== undefined && source.value !== null) {
      latest.ts = source.asOf;
      latest.value = source.value;
      latest.quality = source.quality.quality;
    }
  }

  /** The period of an input KPI a bare reference reads while `period` is evaluated: the one holding its end. */
  kpiInputPeriod(source: KpiPlan, period: FiscalPeriod, clock: EvaluationClock): FiscalPeriod {
    return this.kpiInputPeriodAt(source, evaluationEnd(period, clock.watermark));
  }

  private kpiInputPeriodAt(source: KpiPlan, end: number): FiscalPeriod {
    return this.calendar.periodOf(end - 1, source.period);
  }

  private kpiInputValue(input: PlanInput & { kind: 'kpi' }, end: number) {
    return input.plan.valueOf(this.kpiInputPeriodAt(input.plan, end).key);
  }

  /** A KPI read through a window contributes its per-period values whose periods start inside the window. */
  private kpiWindowInto(acc: SampleAccumulator, source: KpiPlan, from: number, to: number): void {
    for (let p = this.calendar.periodOf(from, source.period); p.start < to; p = this.calendar.nextPeriod(p)) {
      if (p.start < from) continue;
      const v = source.valueOf(p.key);
      if (v === undefined || v.value === null) continue;
      acc.add(p.start, v.value, v.quality.quality === 'bad' ? 'uncertain' : v.quality.quality);
    }
  }

  /** Time of the newest data the evaluation used (the period start when none). */
  private asOf(plan: KpiPlan, period: FiscalPeriod): number {
    let asOf = -Infinity;
    for (const input of plan.inputs) {
      for (const slot of input.slots) if (slot.acc.count > 0 && slot.acc.lastTs > asOf) asOf = slot.acc.lastTs;
      if (input.usesLatest && input.latest.found && input.latest.ts > asOf) asOf = input.latest.ts;
    }
    return asOf === -Infinity ? period.start : asOf;
  }

  /**
   * coverage: share of inputs with usable data; quality: worst quality among the data used, and 'bad' for an
   * input that only sent bad samples (or when nothing was usable at all).
   */
  private quality(plan: KpiPlan, period: FiscalPeriod, clock: EvaluationClock): KpiQuality {
    const inputs = plan.inputs;
    if (inputs.length === 0) return { coverage: 1, stale: false, quality: 'good' };
    let covered = 0;
    let quality: SampleQuality = 'good';
    for (const input of inputs) {
      let usable = input.usesLatest && input.latest.found;
      let inputQuality: SampleQuality = usable ? input.latest.quality : 'good';
      let bad = false;
      for (const slot of input.slots) {
        if (slot.acc.usable) usable = true;
        if (slot.acc.uncertain > 0) inputQuality = worse(inputQuality, 'uncertain');
        if (slot.acc.bad > 0) bad = true;
      }
      if (usable) covered++;
      else if (bad) inputQuality = 'bad';
      quality = worse(quality, inputQuality);
    }
    if (covered === 0) quality = 'bad';
    return { coverage: covered / inputs.length, stale: this.isStale(plan, period, clock), quality };
  }
}
