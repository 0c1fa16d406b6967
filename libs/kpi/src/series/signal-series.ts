import type { SampleQuality } from '@bsc/common';
import type { ReportingPeriod } from '@bsc/twin';
import type { SampleAccumulator } from '../aggregation/sample-accumulator';
import { joinsSamples, Neighbours, SignalShape } from '../aggregation/signal-shape';
import { BucketRing, RingBucket } from './bucket-ring';
import { PeriodTracker } from './period-tracker';

export type AddOutcome = 'accepted' | 'duplicate' | 'beyond-retention';

/** The newest usable sample before an instant, written by SignalSeries.latestBefore. */
export interface LatestSample {
  ts: number;
  value: number;
  quality: SampleQuality;
}

/** Width of the coarse buckets that serve windows longer than the fine horizon (e.g. 30d). */
export const COARSE_BUCKET_MS = 3_600_000;

/**
 * Bounded history of one signal; raw values are never kept.
 * - fine buckets (default 1 min) over the retention horizon: sliding windows, exact duplicate detection;
 * - coarse buckets (1 h), only for signals read by windows longer than that horizon;
 * - period-to-date summaries per period type: period windows at any age.
 * Precision: a window's start is quantised down to a fine bucket edge (a coarse one where it reaches past
 * the fine horizon), so it may include up to one bucket of older samples. Period windows are exact.
 */
export class SignalSeries {
  private readonly fine: BucketRing;
  private coarse: BucketRing | undefined;
  private readonly trackers = new Map<ReportingPeriod, PeriodTracker>();
  /** Newest usable sample. */
  latestTs = -Infinity;
  latestValue = 0;
  latestQuality: SampleQuality = 'good';
  /** Set by markStale (e.g. a Sparkplug death certificate); cleared by the next sample. */
  markedStale = false;
  /** Scratch: the neighbours of a late sample. */
  private readonly around: Neighbours = { prevTs: -Infinity, prevValue: 0, nextTs: Infinity, nextValue: 0 };
  /** Oldest usable sample, and the last joined late sample with its successor (NaN: none). */
  private earliestTs = Infinity;
  private earliestValue = 0;
  private cursorTs = Number.NaN;
  private cursorValue = 0;
  private cursorNextTs = Infinity;
  private cursorNextValue = 0;
  private insertedOutsideTs = -Infinity;
  private insertedOutsideValue = 0;

  constructor(
    readonly id: string,
    bucketMs: number,
    fineCapacity: number,
    /** The calendar zone's offset within the hour: hour buckets follow local hours. */
    private readonly alignmentMs: number,
    readonly shape: SignalShape = { kind: 'gauge', maxHoldMs: Infinity },
  ) {
    this.fine = new BucketRing(bucketMs, alignmentMs, fineCapacity);
  }

  /**
   * Makes sure windows of `slidingMs` can be served (only before the first sample), for periods that closed up
   * to `latenessMs` before the newest sample.
   */
  ensureWindow(slidingMs: number, latenessMs: number): void {
    if (!this.needsCoarse(slidingMs)) return;
    const capacity = Math.ceil((slidingMs + latenessMs) / COARSE_BUCKET_MS) + 2;
    if (!this.coarse) this.coarse = new BucketRing(COARSE_BUCKET_MS, this.alignmentMs, capacity);
    else this.coarse.resize(capacity);
  }

  track(tracker: PeriodTracker): void {
    if (!this.trackers.has(tracker.type)) this.trackers.set(tracker.type, tracker);
  }

  tracker(type: ReportingPeriod): PeriodTracker | undefined {
    return this.trackers.get(type);
  }

  add(ts: number, value: number, quality: SampleQuality): AddOutcome {
    const index = this.fine.indexOf(ts);
    const shape = this.shape;
    let outcome: AddOutcome = 'accepted';
    // A late sample splits the segment between its neighbours in every summary that spans it.
    const joinsLate = quality !== 'bad' && ts < this.latestTs && joinsSamples(shape);
    let around: Neighbours | undefined;
    if (this.fine.covers(index)) {
      const bucket = this.fine.bucketFor(index);
      const at = insertStamp(bucket.stamps, ts);
      if (at < 0) return 'duplicate';
      insertValue(bucket.values, at, quality === 'bad' ? Number.NaN : value);
      if (joinsLate) around = this.neighbours(this.inBucket(bucket, at, index, ts), ts, value);
      bucket.add(ts, value, quality, shape, around);
    } else {
      // Older than the fine horizon: coarse buckets and period summaries still take it, unchecked for duplicates.
      outcome = 'beyond-retention';
      if (joinsLate) around = this.neighbours(this.outsideAround(ts), ts, value);
      if (quality !== 'bad' && ts > this.insertedOutsideTs) {
        this.insertedOutsideTs = ts;
        this.insertedOutsideValue = value;
      }
    }
    if (quality !== 'bad' && around === undefined && this.cursorTs < ts && ts < this.cursorNextTs) {
      this.cursorNextTs = ts;
      this.cursorNextValue = value;
    }
    if (quality !== 'bad' && ts < this.earliestTs) {
      this.earliestTs = ts;
      this.earliestValue = value;
    }
    const coarse = this.coarse;
    if (coarse) {
      const coarseIndex = coarse.indexOf(ts);
      if (coarse.covers(coarseIndex)) coarse.bucketFor(coarseIndex).add(ts, value, quality, shape, around);
    }
    for (const tracker of this.trackers.values()) tracker.add(ts, value, quality, shape, around);
    this.markedStale = false;
    if (quality !== 'bad' && ts > this.latestTs) {
      this.latestTs = ts;
      this.latestValue = value;
      this.latestQuality = quality;
    }
    return outcome;
  }

  /** Merges the samples of [from, to) into `into`; returns the start used (quantised down to a bucket edge). */
  windowInto(into: SampleAccumulator, from: number, to: number): number {
    const fine = this.fine;
    const coarse = this.coarse;
    const shape = this.shape;
    if (!coarse || !this.needsCoarse(to - from)) {
      fine.mergeInto(into, fine.indexOf(from), fine.indexOf(to - 1), shape);
      return fine.startOf(fine.indexOf(from));
    }
    // Long windows: the start is quantised to a coarse edge whatever the fine horizon is at the moment, so
    // the result does not depend on when the window is evaluated. Coarse buckets up to the first coarse edge
    // inside the fine horizon, fine buckets after it (both tile the same samples).
    const fineStart = fine.startOf(fine.lowest);
    const cut = Math.max(coarse.startOf(coarse.indexOf(fineStart - 1) + 1), coarse.startOf(coarse.indexOf(from)));
    coarse.mergeInto(into, coarse.indexOf(from), coarse.indexOf(Math.min(to, cut) - 1), shape);
    if (to > cut) fine.mergeInto(into, fine.indexOf(cut), fine.indexOf(to - 1), shape);
    return coarse.startOf(coarse.indexOf(from));
  }

  /**
   * Completes the neighbours found in the fine buckets. Older ones are known in two cases: the sample is older
   * than everything (its next is the earliest sample), or it continues a run of late samples in time order (a
   * backfill): the previous one of the run and its successor. Otherwise undefined: the sample is not joined.
   */
  private neighbours(out: Neighbours, ts: number, value: number): Neighbours | undefined {
    const continuesRun = this.cursorTs < ts && ts < this.cursorNextTs;
    if (out.prevTs === -Infinity && continuesRun) {
      out.prevTs = this.cursorTs;
      out.prevValue = this.cursorValue;
    }
    if (out.nextTs === Infinity && ts < this.earliestTs) {
      out.nextTs = this.earliestTs;
      out.nextValue = this.earliestValue;
    } else if (out.nextTs === Infinity && continuesRun) {
      out.nextTs = this.cursorNextTs;
      out.nextValue = this.cursorNextValue;
    }
    const known = out.nextTs !== Infinity && (out.prevTs !== -Infinity || ts < this.earliestTs);
    if (!known) {
      this.cursorTs = Number.NaN;
      return undefined;
    }
    this.cursorTs = ts;
    this.cursorValue = value;
    this.cursorNextTs = out.nextTs;
    this.cursorNextValue = out.nextValue;
    return out;
  }

  /**
   * Neighbours of a sample older than the fine buckets: known when it is newer than every other sample out of
   * the buckets (the usual backfill, in time order): the newest of those, and the oldest sample in the buckets.
   */
  private outsideAround(ts: number): Neighbours {
    const out = this.unknownAround();
    if (ts < this.outsideTs()) return out;
    this.newestOutside(out);
    const first = this.fine.firstUsableAfter(this.fine.lowest, ts);
    if (first) {
      out.nextTs = first.firstTs;
      out.nextValue = first.firstValue;
    }
    return out;
  }

  /** Newest usable sample not in a fine bucket: evicted from them, or added when already too old for them. */
  private outsideTs(): number {
    return Math.max(this.fine.evictedTs, this.insertedOutsideTs);
  }

  private newestOutside(out: Neighbours): void {
    if (this.fine.evictedTs === -Infinity && this.insertedOutsideTs === -Infinity) return;
    const evicted = this.fine.evictedTs >= this.insertedOutsideTs;
    out.prevTs = evicted ? this.fine.evictedTs : this.insertedOutsideTs;
    out.prevValue = evicted ? this.fine.evictedValue : this.insertedOutsideValue;
  }

  private unknownAround(): Neighbours {
    this.around.prevTs = -Infinity;
    this.around.nextTs = Infinity;
    return this.around;
  }

  /** The usable samples next to position `at` of a fine bucket: in the bucket, else in the nearest buckets. */
  private inBucket(bucket: RingBucket, at: number, index: number, ts: number): Neighbours {
    const out = this.unknownAround();
    const { stamps, values } = bucket;
    for (let i = at - 1; i >= 0; i--) {
      if (Number.isNaN(values[i])) continue;
      out.prevTs = stamps[i];
      out.prevValue = values[i];
      break;
    }
    if (out.prevTs === -Infinity) {
      const before = this.fine.lastUsableBefore(index - 1, ts);
      if (before) {
        out.prevTs = before.lastTs;
        out.prevValue = before.lastValue;
      } else {
        // Everything out of the buckets is older than anything in them.
        this.newestOutside(out);
      }
    }
    for (let i = at + 1; i < stamps.length; i++) {
      if (Number.isNaN(values[i])) continue;
      out.nextTs = stamps[i];
      out.nextValue = values[i];
      break;
    }
    if (out.nextTs === Infinity) {
      const after = this.fine.firstUsableAfter(index + 1, ts);
      if (after) {
        out.nextTs = after.firstTs;
        out.nextValue = after.firstValue;
      }
    }
    return out;
  }

  private needsCoarse(windowMs: number): boolean {
    return windowMs + this.fine.widthMs > (this.fine.size - 1) * this.fine.widthMs;
  }

  /** Newest usable sample strictly before `before` (bucket-aligned for closed periods). */
  latestBefore(before: number, type: ReportingPeriod, periodStart: number, out: LatestSample): boolean {
    if (this.latestTs < before) return write(out, this.latestTs, this.latestValue, this.latestQuality);
    const tracker = this.trackers.get(type);
    const own = tracker?.get(periodStart);
    if (own && own.count > 0 && own.lastTs < before) return write(out, own.lastTs, own.lastValue, own.lastQuality);
    const bucket =
      this.fine.lastUsableBefore(this.fine.indexOf(before - 1), before) ??
      this.coarse?.lastUsableBefore(this.coarse.indexOf(before - 1), before) ??
      tracker?.latestBefore(before);
    return bucket ? write(out, bucket.lastTs, bucket.lastValue, bucket.lastQuality) : false;
  }

  /** Timestamp of a usable sample after ts that bounds the periods reading ts as latest; Infinity if unknown. */
  nextUsableAfter(ts: number): number {
    const found: RingBucket | undefined =
      this.coarse?.firstUsableAfter(this.coarse.indexOf(ts), ts) ?? this.fine.firstUsableAfter(this.fine.indexOf(ts), ts);
    if (!found) return Infinity;
    // The bucket of ts may hold a later sample, but summaries cannot say when: its last is a safe bound.
    return found.firstTs > ts ? found.firstTs : found.lastTs;
  }
}

function write(out: LatestSample, ts: number, value: number, quality: SampleQuality): boolean {
  if (ts === -Infinity) return false;
  out.ts = ts;
  out.value = value;
  out.quality = quality;
  return true;
}

/** Inserts ts keeping `stamps` sorted; its position, or -1 when it is already there. In-order streams append in O(1). */
function insertStamp(stamps: number[], ts: number): number {
  const n = stamps.length;
  if (n === 0 || ts > stamps[n - 1]) {
    stamps.push(ts);
    return n;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (stamps[mid] < ts) lo = mid + 1;
    else hi = mid;
  }
  if (stamps[lo] === ts) return -1;
  stamps.splice(lo, 0, ts);
  return lo;
}

function insertValue(values: number[], at: number, value: number): void {
  if (at === values.length) values.push(value);
  else values.splice(at, 0, value);
}
