import type { SampleQuality } from '@bsc/common';
import type { WindowFunction } from '@bsc/formula';
import { ExactSum } from './exact-sum';
import { counterStep, joinsSamples, Neighbours, SignalShape } from './signal-shape';

/**
 * Mergeable summary of the samples in a time range (a bucket, a period, a window). Every field merges
 * commutatively (exact sums, min/max, first/last by timestamp), so the summary does not depend on arrival order.
 * Bad samples are counted but never enter the values.
 *
 * Gauges and counters (given a SignalShape) also keep the segments between consecutive samples of the range:
 * Σ value × held time and the held time (a sample holds until the next one, at most maxHoldMs), and a
 * counter's increase across resets. Segments to samples outside the range (carry-in, the tail to the window
 * end) are added by WindowAccumulator when a window is read.
 */
export class SampleAccumulator {
  /** Usable (good or uncertain) samples. */
  count = 0;
  uncertain = 0;
  bad = 0;
  // Sums are exact: small integers accumulate in plain numbers (exact below 2^53, the common case for counters
  // and integral readings), everything else in Shewchuk expansions. Both are exact, so their total is too.
  intSum = 0;
  intSumSq = 0;
  readonly sum = new ExactSum();
  readonly sumSq = new ExactSum();
  min = Infinity;
  max = -Infinity;
  firstTs = Infinity;
  firstValue = 0;
  lastTs = -Infinity;
  lastValue = 0;
  lastQuality: SampleQuality = 'good';
  /** Gauges: Σ value × held ms over this range's own segments (exact: integer part + partials). */
  heldInt = 0;
  readonly held = new ExactSum();
  heldMs = 0;
  /** Counters: increase over this range's own steps. */
  increaseInt = 0;
  readonly increase = new ExactSum();

  /**
   * `shape` joins the sample to its neighbours (gauges, counters). A late sample inside the range replaces the
   * segment between its neighbours, which the caller passes in `around` when it still knows them.
   */
  add(
    ts: number,
    value: number,
    quality: SampleQuality,
    shape?: Readonly<SignalShape>,
    around?: Readonly<Neighbours>,
  ): void {
    if (quality === 'bad') {
      this.bad++;
      return;
    }
    if (shape !== undefined && this.count > 0 && joinsSamples(shape)) this.join(shape, ts, value, around);
    this.count++;
    if (quality === 'uncertain') this.uncertain++;
    const square = value * value;
    if (
      Number.isInteger(value) &&
      square <= MAX_EXACT &&
      Math.abs(this.intSum + value) <= MAX_EXACT &&
      this.intSumSq + square <= MAX_EXACT
    ) {
      this.intSum += value;
      this.intSumSq += square;
    } else {
      this.sum.add(value);
      // the exact square, not the rounded one: far from zero, stddev is the tiny difference of two huge sums
      this.sumSq.addProduct(value, value);
    }
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (ts < this.firstTs) {
      this.firstTs = ts;
      this.firstValue = value;
    }
    if (ts > this.lastTs) {
      this.lastTs = ts;
      this.lastValue = value;
      this.lastQuality = quality;
    }
  }

  /** Adds a summary of another range; with a shape, two disjoint ranges are joined by the segment between them. */
  merge(other: SampleAccumulator, shape?: Readonly<SignalShape>): void {
    this.bad += other.bad;
    if (other.count === 0) return;
    if (shape !== undefined && this.count > 0 && joinsSamples(shape)) {
      if (other.firstTs > this.lastTs)
        this.segment(shape, this.lastTs, this.lastValue, other.firstTs, other.firstValue, 1);
      else if (other.lastTs < this.firstTs)
        this.segment(shape, other.lastTs, other.lastValue, this.firstTs, this.firstValue, 1);
    }
    this.heldMs += other.heldMs;
    this.addHeld(other.heldInt);
    if (other.held.length > 0) this.held.merge(other.held);
    this.addIncrease(other.increaseInt);
    if (other.increase.length > 0) this.increase.merge(other.increase);
    this.count += other.count;
    this.uncertain += other.uncertain;
    if (Math.abs(this.intSum + other.intSum) <= MAX_EXACT && this.intSumSq + other.intSumSq <= MAX_EXACT) {
      this.intSum += other.intSum;
      this.intSumSq += other.intSumSq;
    } else {
      this.sum.add(other.intSum);
      this.sumSq.add(other.intSumSq);
    }
    if (other.sum.length > 0) this.sum.merge(other.sum);
    if (other.sumSq.length > 0) this.sumSq.merge(other.sumSq);
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    if (other.firstTs < this.firstTs) {
      this.firstTs = other.firstTs;
      this.firstValue = other.firstValue;
    }
    if (other.lastTs > this.lastTs) {
      this.lastTs = other.lastTs;
      this.lastValue = other.lastValue;
      this.lastQuality = other.lastQuality;
    }
  }

  reset(): void {
    this.count = 0;
    this.uncertain = 0;
    this.bad = 0;
    this.intSum = 0;
    this.intSumSq = 0;
    this.sum.reset();
    this.sumSq.reset();
    this.min = Infinity;
    this.max = -Infinity;
    this.firstTs = Infinity;
    this.firstValue = 0;
    this.lastTs = -Infinity;
    this.lastValue = 0;
    this.lastQuality = 'good';
    this.heldInt = 0;
    this.held.reset();
    this.heldMs = 0;
    this.increaseInt = 0;
    this.increase.reset();
  }

  /** The aggregate; null when there is no usable sample (count: 0). */
  result(fn: WindowFunction): number | null {
    if (fn === 'count') return this.count;
    if (this.count === 0) return null;
    switch (fn) {
      case 'sum':
        return finiteOrNull(this.total());
      case 'avg':
      case 'avg_samples':
        return finiteOrNull(this.total() / this.count);
      case 'min':
        return this.min;
      case 'max':
        return this.max;
      case 'first':
        return this.firstValue;
      case 'last':
        return this.lastValue;
      case 'delta':
        return finiteOrNull(this.lastValue - this.firstValue);
      case 'rate': {
        const seconds = (this.lastTs - this.firstTs) / 1000;
        return seconds > 0 ? finiteOrNull((this.lastValue - this.firstValue) / seconds) : null;
      }
      case 'stddev':
        return this.sampleStddev();
    }
  }

  protected total(): number {
    return totalOf(this.sum, this.intSum);
  }

  private join(
    shape: Readonly<SignalShape>,
    ts: number,
    value: number,
    around: Readonly<Neighbours> | undefined,
  ): void {
    if (ts > this.lastTs) {
      this.segment(shape, this.lastTs, this.lastValue, ts, value, 1);
    } else if (ts < this.firstTs) {
      this.segment(shape, ts, value, this.firstTs, this.firstValue, 1);
    } else if (
      around !== undefined &&
      this.firstTs <= around.prevTs &&
      around.prevTs < ts &&
      ts < around.nextTs &&
      around.nextTs <= this.lastTs
    ) {
      this.segment(shape, around.prevTs, around.prevValue, around.nextTs, around.nextValue, -1);
      this.segment(shape, around.prevTs, around.prevValue, ts, value, 1);
      this.segment(shape, ts, value, around.nextTs, around.nextValue, 1);
    }
    // Otherwise its neighbours are older than the fine horizon: the sample enters the per-sample aggregates only.
  }

  /** Adds (sign 1) or removes (-1) the segment from one sample to the next. Removal is exact: sums are exact. */
  private segment(
    shape: Readonly<SignalShape>,
    fromTs: number,
    fromValue: number,
    toTs: number,
    toValue: number,
    sign: 1 | -1,
  ): void {
    if (shape.kind === 'gauge') {
      const ms = Math.min(toTs - fromTs, shape.maxHoldMs);
      this.heldMs += sign * ms;
      this.addHeld(sign * (fromValue * ms));
    } else {
      this.addIncrease(sign * counterStep(fromValue, toValue));
    }
  }

  private addHeld(x: number): void {
    if (Number.isInteger(x) && Math.abs(this.heldInt + x) <= MAX_EXACT) this.heldInt += x;
    else this.held.add(x);
  }

  private addIncrease(x: number): void {
    if (Number.isInteger(x) && Math.abs(this.increaseInt + x) <= MAX_EXACT) this.increaseInt += x;
    else this.increase.add(x);
  }

  /**
   * Sample standard deviation (n - 1); null below two samples. n·Σx² − (Σx)² is worked out exactly from the exact
   * sums and rounded once: the textbook (Σx² − (Σx)²/n) cancels catastrophically for readings far from zero.
   */
  private sampleStddev(): number | null {
    const n = this.count;
    if (n < 2) return null;
    const d = spread;
    d.reset();
    addScaled(d, n, this.intSumSq);
    for (let i = 0; i < this.sumSq.length; i++) addScaled(d, n, this.sumSq.partialAt(i));
    // (Σx)² over the terms t of Σx (partials and integer part): Σ t_i² + Σ_{i<j} 2 t_i t_j
    const k = this.sum.length;
    for (let i = 0; i <= k; i++) {
      const ti = i < k ? this.sum.partialAt(i) : this.intSum;
      addScaled(d, -ti, ti);
      for (let j = i + 1; j <= k; j++) addScaled(d, -2 * ti, j < k ? this.sum.partialAt(j) : this.intSum);
    }
    const variance = d.value() / (n * (n - 1));
    // never negative from exact sums; a summary restored from before squares were kept exact may still round below
    return finiteOrNull(Math.sqrt(Math.max(0, variance)));
  }
}

function addScaled(into: ExactSum, a: number, b: number): void {
  if (a !== 0 && b !== 0) into.addProduct(a, b);
}

const MAX_EXACT = Number.MAX_SAFE_INTEGER;
const scratch = new ExactSum();
const spread = new ExactSum();

/** Correctly rounded partials + integer part + up to two more terms, without touching the accumulator. */
export function totalOf(partials: ExactSum, integer: number, a = 0, b = 0): number {
  if (partials.length === 0 && a === 0 && b === 0) return integer;
  scratch.copyFrom(partials);
  scratch.add(integer);
  if (a !== 0) scratch.add(a);
  if (b !== 0) scratch.add(b);
  return scratch.value();
}

export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
