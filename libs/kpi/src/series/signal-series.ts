import type { SampleQuality } from '@bsc/common';
import type { ReportingPeriod } from '@bsc/twin';
import { SampleAccumulator } from '../aggregation/sample-accumulator';
import { PeriodTracker } from './period-tracker';

/** A fine time bucket: the summary of its samples plus their timestamps, for exact duplicate detection. */
class FineBucket extends SampleAccumulator {
  index = Number.NaN;
  /** Sorted sample timestamps (all qualities). */
  readonly stamps: number[] = [];
}

export type AddOutcome = 'accepted' | 'duplicate' | 'beyond-retention';

/** The newest usable sample before an instant, written by SignalSeries.latestBefore. */
export interface LatestSample {
  ts: number;
  value: number;
  quality: SampleQuality;
}

/**
 * Bounded history of one signal. Samples are pre-aggregated into fine buckets held in a ring that covers the
 * retention horizon (sliding windows, duplicate detection, late samples), and into period-to-date summaries
 * per period type (period windows). Raw values are never kept.
 */
export class SignalSeries {
  private ring: Array<FineBucket | undefined>;
  private newestIndex = -Infinity;
  private readonly trackers = new Map<ReportingPeriod, PeriodTracker>();
  /** Newest usable sample. */
  latestTs = -Infinity;
  latestValue = 0;
  latestQuality: SampleQuality = 'good';
  /** Set by markStale (e.g. a Sparkplug death certificate); cleared by the next sample. */
  markedStale = false;

  constructor(
    readonly id: string,
    readonly bucketMs: number,
    private capacity: number,
  ) {
    this.ring = new Array<FineBucket | undefined>(capacity);
  }

  /** Widens the ring (only before the first sample: plans are built before data flows). */
  ensureCapacity(capacity: number): void {
    if (capacity <= this.capacity) return;
    if (this.newestIndex !== -Infinity) throw new Error(`series '${this.id}' cannot grow after samples arrived`);
    this.capacity = capacity;
    this.ring = new Array<FineBucket | undefined>(capacity);
  }

  /** Timestamp of the first usable sample after ts within the retained buckets; Infinity when none is known. */
  nextUsableAfter(ts: number): number {
    const start = Math.max(Math.floor(ts / this.bucketMs), this.newestIndex - this.capacity + 1);
    for (let i = start; i <= this.newestIndex; i++) {
      const bucket = this.ring[mod(i, this.capacity)];
      if (bucket === undefined || bucket.index !== i || bucket.count === 0 || bucket.lastTs <= ts) continue;
      // Within the bucket of ts a later sample exists, but bucket summaries cannot say when: its last is an upper bound.
      return bucket.firstTs > ts ? bucket.firstTs : bucket.lastTs;
    }
    return Infinity;
  }

  track(tracker: PeriodTracker): void {
    if (!this.trackers.has(tracker.type)) this.trackers.set(tracker.type, tracker);
  }

  tracker(type: ReportingPeriod): PeriodTracker | undefined {
    return this.trackers.get(type);
  }

  add(ts: number, value: number, quality: SampleQuality): AddOutcome {
    const index = Math.floor(ts / this.bucketMs);
    let outcome: AddOutcome = 'accepted';
    if (index <= this.newestIndex - this.capacity) {
      // Older than the retention horizon: only period summaries still take it, duplicates cannot be seen.
      outcome = 'beyond-retention';
    } else {
      const bucket = this.bucketFor(index);
      if (!insertStamp(bucket.stamps, ts)) return 'duplicate';
      bucket.add(ts, value, quality);
      if (index > this.newestIndex) this.newestIndex = index;
    }
    for (const tracker of this.trackers.values()) tracker.add(ts, value, quality);
    this.markedStale = false;
    if (quality !== 'bad' && ts > this.latestTs) {
      this.latestTs = ts;
      this.latestValue = value;
      this.latestQuality = quality;
    }
    return outcome;
  }

  /** Merges the buckets overlapping [from, to) into `into`; the start is quantised down to a bucket boundary. */
  windowInto(into: SampleAccumulator, from: number, to: number): void {
    const first = Math.max(Math.floor(from / this.bucketMs), this.newestIndex - this.capacity + 1);
    const last = Math.min(Math.floor((to - 1) / this.bucketMs), this.newestIndex);
    for (let i = first; i <= last; i++) {
      const bucket = this.ring[mod(i, this.capacity)];
      if (bucket !== undefined && bucket.index === i) into.merge(bucket);
    }
  }

  /**
   * Newest usable sample strictly before `before` (which is bucket-aligned for closed periods).
   * Looks at the live value, then the period summary, then the retained buckets.
   */
  latestBefore(before: number, type: ReportingPeriod, periodStart: number, out: LatestSample): boolean {
    if (this.latestTs < before) return this.write(out, this.latestTs, this.latestValue, this.latestQuality);
    const tracker = this.trackers.get(type);
    const acc = tracker?.get(periodStart);
    if (acc && acc.count > 0 && acc.lastTs < before) return this.write(out, acc.lastTs, acc.lastValue, acc.lastQuality);
    const lowest = this.newestIndex - this.capacity + 1;
    for (let i = Math.floor((before - 1) / this.bucketMs); i >= lowest; i--) {
      const bucket = this.ring[mod(i, this.capacity)];
      if (bucket !== undefined && bucket.index === i && bucket.count > 0 && bucket.lastTs < before) {
        return this.write(out, bucket.lastTs, bucket.lastValue, bucket.lastQuality);
      }
    }
    // Beyond the buckets: earlier period summaries still know their last sample.
    const older = tracker?.latestBefore(before);
    return older ? this.write(out, older.lastTs, older.lastValue, older.lastQuality) : false;
  }

  private write(out: LatestSample, ts: number, value: number, quality: SampleQuality): boolean {
    if (ts === -Infinity) return false;
    out.ts = ts;
    out.value = value;
    out.quality = quality;
    return true;
  }

  private bucketFor(index: number): FineBucket {
    const slot = mod(index, this.capacity);
    let bucket = this.ring[slot];
    if (bucket === undefined) {
      bucket = new FineBucket();
      this.ring[slot] = bucket;
    }
    if (bucket.index !== index) {
      // The slot held a bucket that fell out of the horizon: reuse the object.
      bucket.reset();
      bucket.stamps.length = 0;
      bucket.index = index;
    }
    return bucket;
  }
}

function mod(i: number, n: number): number {
  const r = i % n;
  return r < 0 ? r + n : r;
}

/** Inserts ts keeping `stamps` sorted; false when it is already there. In-order streams append in O(1). */
function insertStamp(stamps: number[], ts: number): boolean {
  const n = stamps.length;
  if (n === 0 || ts > stamps[n - 1]) {
    stamps.push(ts);
    return true;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stamps[mid] < ts) lo = mid + 1;
    else hi = mid;
  }
  if (stamps[lo] === ts) return false;
  stamps.splice(lo, 0, ts);
  return true;
}
