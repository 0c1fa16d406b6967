import type { SampleQuality } from '@bsc/common';
import type { WindowFunction } from '@bsc/formula';
import { ExactSum } from './exact-sum';

/**
 * Mergeable summary of the samples in a time range (a bucket, a period, a window). Every field merges
 * commutatively (exact sums, min/max, first/last by timestamp), so the summary does not depend on arrival order.
 * Bad samples are counted but never enter the values.
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

  add(ts: number, value: number, quality: SampleQuality): void {
    if (quality === 'bad') {
      this.bad++;
      return;
    }
    this.count++;
    if (quality === 'uncertain') this.uncertain++;
    const square = value * value;
    if (Number.isInteger(value) && square <= MAX_EXACT && Math.abs(this.intSum + value) <= MAX_EXACT && this.intSumSq + square <= MAX_EXACT) {
      this.intSum += value;
      this.intSumSq += square;
    } else {
      this.sum.add(value);
      this.sumSq.add(square);
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

  merge(other: SampleAccumulator): void {
    this.bad += other.bad;
    if (other.count === 0) return;
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
  }

  /** The aggregate; null when there is no usable sample (count: 0). */
  result(fn: WindowFunction): number | null {
    if (fn === 'count') return this.count;
    if (this.count === 0) return null;
    switch (fn) {
      case 'sum':
        return finiteOrNull(this.total());
      case 'avg':
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

  private total(): number {
    return totalOf(this.sum, this.intSum);
  }

  /** Sample standard deviation (n - 1); null below two samples. */
  private sampleStddev(): number | null {
    if (this.count < 2) return null;
    const sum = this.total();
    const variance = (totalOf(this.sumSq, this.intSumSq) - (sum * sum) / this.count) / (this.count - 1);
    return finiteOrNull(Math.sqrt(Math.max(0, variance)));
  }
}

const MAX_EXACT = Number.MAX_SAFE_INTEGER;
const scratch = new ExactSum();

/** Correctly rounded partials + integer part, without touching the accumulator. */
function totalOf(partials: ExactSum, integer: number): number {
  if (partials.length === 0) return integer;
  scratch.copyFrom(partials);
  scratch.add(integer);
  return scratch.value();
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
