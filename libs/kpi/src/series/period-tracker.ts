import type { ReportingPeriod } from '@bsc/twin';
import { SampleAccumulator } from '../aggregation/sample-accumulator';
import type { Neighbours, SignalShape } from '../aggregation/signal-shape';
import { FiscalCalendar } from '../calendar/fiscal-calendar';

/**
 * Period-to-date summaries of one signal for one period type (e.g. its months). Period windows read these
 * directly, so `sum(x, period)` over a year costs one lookup instead of half a million minute buckets.
 */
export class PeriodTracker {
  private readonly byStart = new Map<number, SampleAccumulator>();
  // The period of the previous sample: consecutive samples almost always share it, so no calendar call.
  private cachedStart = Infinity;
  private cachedEnd = -Infinity;

  constructor(
    readonly type: ReportingPeriod,
    private readonly calendar: FiscalCalendar,
    private readonly maxPeriods: number,
  ) {}

  add(
    ts: number,
    value: number,
    quality: 'good' | 'uncertain' | 'bad',
    shape?: Readonly<SignalShape>,
    around?: Readonly<Neighbours>,
  ): void {
    if (ts < this.cachedStart || ts >= this.cachedEnd) {
      const period = this.calendar.periodOf(ts, this.type);
      this.cachedStart = period.start;
      this.cachedEnd = period.end;
    }
    let acc = this.byStart.get(this.cachedStart);
    if (!acc) {
      acc = new SampleAccumulator();
      this.byStart.set(this.cachedStart, acc);
      if (this.byStart.size > this.maxPeriods) this.evictOldest();
    }
    acc.add(ts, value, quality, shape, around);
  }

  /** Summary of the period starting at `start`, or undefined when it has no samples (or was evicted). */
  get(start: number): SampleAccumulator | undefined {
    return this.byStart.get(start);
  }

  /** The period summary holding the newest usable sample before `before` (a scan: a rare, late-data path). */
  latestBefore(before: number): SampleAccumulator | undefined {
    let best: SampleAccumulator | undefined;
    for (const acc of this.byStart.values()) {
      if (acc.count > 0 && acc.lastTs < before && (!best || acc.lastTs > best.lastTs)) best = acc;
    }
    return best;
  }

  /** Every period summary by start (a checkpoint writes them). */
  entries(): IterableIterator<[number, SampleAccumulator]> {
    return this.byStart.entries();
  }

  /** Puts back a period summary read from a checkpoint. */
  restore(start: number, acc: SampleAccumulator): void {
    this.byStart.set(start, acc);
  }

  get size(): number {
    return this.byStart.size;
  }

  private evictOldest(): void {
    let oldest = Infinity;
    for (const start of this.byStart.keys()) if (start < oldest) oldest = start;
    this.byStart.delete(oldest);
  }
}
