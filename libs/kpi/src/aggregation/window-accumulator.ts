import type { WindowFunction } from '@bsc/formula';
import { finiteOrNull, SampleAccumulator, totalOf } from './sample-accumulator';
import { counterStep, SAMPLE_SHAPE, SignalShape } from './signal-shape';

/** A counter's functions that count from its reading before the window (the step to the window's first). */
const countsFromCarry = (fn: WindowFunction): fn is 'sum' | 'delta' | 'rate' =>
  fn === 'sum' || fn === 'delta' || fn === 'rate';

/**
 * How long before a window's start the reading carried into it still counts: a gauge's for its hold, a counter's
 * for `fn` (any of them when not given) at any age, none for other kinds.
 */
export function carriedReachMs(shape: Readonly<SignalShape>, fn?: WindowFunction): number {
  if (shape.kind === 'gauge') return shape.maxHoldMs;
  return shape.kind === 'counter' && (fn === undefined || countsFromCarry(fn)) ? Infinity : 0;
}

/**
 * The summary of one formula window [from, to) over one input, read by the formula. On top of the merged
 * summaries it knows the window's bounds and the newest usable sample before it (carry-in), so that:
 * - gauge: avg, min, max weigh time. Each sample's value holds until the next sample, at most maxHoldMs (a
 *   longer gap is missing time, not averaged); the carry-in holds into the window, the last sample up to `to`.
 *   avg = ∫ value dt / covered time. sum, count, first, last, delta, rate, stddev stay per sample.
 * - counter: sum and delta are the increase across resets (a drop restarts from 0), counted from the carry-in
 *   reading; rate = that increase per second since that reading. Other functions are per sample.
 * - amount, event: every function is per sample (sum adds, avg = mean per sample).
 * avg_samples is the mean per sample for every kind.
 */
export class WindowAccumulator extends SampleAccumulator {
  private from = 0;
  private to = 0;
  private carryTs = -Infinity;
  private carryValue = 0;

  constructor(readonly shape: Readonly<SignalShape> = SAMPLE_SHAPE) {
    super();
  }

  /** Sets the bounds after the merge: [from, to) and the newest usable sample before `from` (-Infinity if none). */
  bound(from: number, to: number, carryTs: number, carryValue: number): void {
    this.from = from;
    this.to = to;
    this.carryTs = carryTs;
    this.carryValue = carryValue;
  }

  override reset(): void {
    super.reset();
    this.carryTs = -Infinity;
  }

  /** Usable data: a sample in the window, or a gauge level held into it. */
  get usable(): boolean {
    return this.count > 0 || this.carriedMs() > 0;
  }

  override result(fn: WindowFunction): number | null {
    const kind = this.shape.kind;
    if (kind === 'gauge' && (fn === 'avg' || fn === 'min' || fn === 'max')) return this.gaugeResult(fn);
    if (kind === 'counter' && countsFromCarry(fn) && this.count > 0) return this.counterResult(fn);
    return super.result(fn);
  }

  /** How long the carry-in value holds inside the window (gauges). */
  private carriedMs(): number {
    if (this.shape.kind !== 'gauge' || this.carryTs === -Infinity) return 0;
    const until = Math.min(this.count > 0 ? this.firstTs : this.to, this.to, this.carryTs + this.shape.maxHoldMs);
    return Math.max(0, until - this.from);
  }

  private gaugeResult(fn: 'avg' | 'min' | 'max'): number | null {
    const carried = this.carriedMs();
    if (this.count === 0) return carried > 0 ? this.carryValue : null;
    if (fn === 'min') return carried > 0 && this.carryValue < this.min ? this.carryValue : this.min;
    if (fn === 'max') return carried > 0 && this.carryValue > this.max ? this.carryValue : this.max;
    const tail = Math.max(0, Math.min(this.to, this.lastTs + this.shape.maxHoldMs) - this.lastTs);
    const ms = this.heldMs + carried + tail;
    if (ms <= 0) return super.result('avg');
    return finiteOrNull(totalOf(this.held, this.heldInt, this.carryValue * carried, this.lastValue * tail) / ms);
  }

  private counterResult(fn: 'sum' | 'delta' | 'rate'): number | null {
    const carried = this.carryTs !== -Infinity;
    const increase = totalOf(
      this.increase,
      this.increaseInt,
      carried ? counterStep(this.carryValue, this.firstValue) : 0,
    );
    if (fn !== 'rate') return finiteOrNull(increase);
    const seconds = (this.lastTs - (carried ? this.carryTs : this.firstTs)) / 1000;
    return seconds > 0 ? finiteOrNull(increase / seconds) : null;
  }
}
