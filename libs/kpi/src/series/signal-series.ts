import type { SampleQuality } from '@bsc/common';
import type { ReportingPeriod } from '@bsc/twin';
import type { SampleAccumulator } from '../aggregation/sample-accumulator';
import type { TimeZone } from '../calendar/time-zone';
import { joinsSamples, Neighbours, SignalShape } from '../aggregation/signal-shape';
import type { BucketEnds } from './bucket-pack';
import { BucketRing, UNPACKED_BUCKETS } from './bucket-ring';
import type { RingBucket } from './ring-bucket';
import { LateNeighbours } from './late-neighbours';
import { PeriodTracker } from './period-tracker';
import { insertStamp, insertValue } from './sorted-stamps';
import { StampBudget } from './stamp-budget';

export type AddOutcome = 'accepted' | 'duplicate' | 'beyond-retention';

/** The newest usable sample before an instant, written by SignalSeries.latestBefore. */
export interface LatestSample {
  ts: number;
  value: number;
  quality: SampleQuality;
}

/** Width of the coarse buckets that serve windows longer than the fine horizon (e.g. 30d). */
export const COARSE_BUCKET_MS = 3_600_000;

/** Whether fine buckets spanning `fineSpanMs` serve a window of `windowMs` (one bucket spare for its start). */
export function servesFinely(windowMs: number, fineSpanMs: number, bucketMs: number): boolean {
  return windowMs + bucketMs <= fineSpanMs;
}

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
  /** With coarse buckets: the newest usable sample added when already older than them (ts -Infinity: none). */
  private beforeCoarse: LatestSample | undefined;
  private readonly trackers = new Map<ReportingPeriod, PeriodTracker>();
  private readonly late: LateNeighbours;
  /** Newest usable sample. */
  latestTs = -Infinity;
  latestValue = 0;
  latestQuality: SampleQuality = 'good';
  /** Newest bad sample: while newer than every usable one the signal has no current value (see `stale`). */
  latestBadTs = -Infinity;

  constructor(
    readonly id: string,
    bucketMs: number,
    fineCapacity: number,
    /** The calendar zone's offset within the hour: hour buckets follow local hours. */
    private readonly alignmentMs: number,
    readonly shape: SignalShape = { kind: 'gauge', maxHoldMs: Infinity },
    /** The calendar zone, when its hours start at a different minute in summer and winter (see BucketRing). */
    private readonly localHours?: TimeZone,
    /** Shared by the series of one engine; unbounded when absent. */
    private readonly budget: StampBudget = new StampBudget(Infinity),
    /** Fine and coarse buckets kept as objects at the front of their rings (Infinity: never packed, for tests). */
    private readonly unpacked = UNPACKED_BUCKETS,
  ) {
    this.fine = new BucketRing(bucketMs, alignmentMs, fineCapacity, true, undefined, budget, unpacked);
    this.late = new LateNeighbours(this.fine);
  }

  /**
   * Whether the signal's current value is unknown: its newest sample is bad (a death's restatement, a Bad status).
   * Stored data says it, so replays, restores and KPI workers see it as the process that took it.
   */
  get stale(): boolean {
    return this.latestBadTs > this.latestTs;
  }

  /** Late samples that could not be joined to their neighbours (time weights and counter steps miss them). */
  get unjoined(): number {
    return this.late.unjoined;
  }

  /**
   * Makes sure windows of `slidingMs` can be served (only before the first sample), for periods that closed up
   * to `latenessMs` before the newest sample.
   */
  ensureWindow(slidingMs: number, latenessMs: number): void {
    if (!this.needsCoarse(slidingMs)) return;
    const capacity = Math.ceil((slidingMs + latenessMs) / COARSE_BUCKET_MS) + 2;
    if (!this.coarse) {
      this.coarse = new BucketRing(
        COARSE_BUCKET_MS,
        this.alignmentMs,
        capacity,
        true,
        this.localHours,
        undefined,
        this.unpacked,
      );
      this.beforeCoarse = { ts: -Infinity, value: 0, quality: 'good' };
    } else this.coarse.resize(capacity);
  }

  track(tracker: PeriodTracker): void {
    if (!this.trackers.has(tracker.type)) this.trackers.set(tracker.type, tracker);
  }

  tracker(type: ReportingPeriod): PeriodTracker | undefined {
    return this.trackers.get(type);
  }

  /** The period trackers, in the order they were added (deterministic for one model). */
  trackerList(): PeriodTracker[] {
    return [...this.trackers.values()];
  }

  /**
   * `summaries` false (a restore from a checkpoint): only the buckets take the sample; the period summaries and the
   * newest sample already hold it.
   */
  add(ts: number, value: number, quality: SampleQuality, summaries = true): AddOutcome {
    const index = this.fine.indexOf(ts);
    const shape = this.shape;
    let outcome: AddOutcome = 'accepted';
    // A late sample splits the segment between its neighbours in every summary that spans it.
    const joins = joinsSamples(shape);
    const joinsLate = joins && quality !== 'bad' && ts < this.latestTs;
    let around: Neighbours | undefined;
    const bucket = this.fine.covers(index) ? this.fine.bucketFor(index) : undefined;
    if (bucket && ts > bucket.thinnedTo) {
      const at = insertStamp(bucket.stamps, ts);
      if (at < 0) return this.settled(bucket, 'duplicate');
      this.budget.added(bucket);
      // Only gauges and counters look their neighbours up.
      if (joins) insertValue(bucket.values, at, quality === 'bad' ? Number.NaN : value);
      if (joinsLate) around = this.late.inBucket(bucket, at, index, ts, value);
      bucket.add(ts, value, quality, shape, around);
      this.fine.settle(bucket);
    } else if (bucket) {
      // Among stamps given up to the budget: the newest of them is still known, the others are not.
      if (ts === bucket.thinnedTo) return this.settled(bucket, 'duplicate');
      outcome = 'beyond-retention';
      if (joinsLate) this.late.unjoinable();
      bucket.add(ts, value, quality, shape, undefined);
      this.fine.settle(bucket);
    } else {
      // Older than the fine horizon: coarse buckets and period summaries still take it, unchecked for duplicates.
      outcome = 'beyond-retention';
      if (joinsLate) around = this.late.outside(ts, value);
    }
    if (joins && quality !== 'bad') this.late.noteSample(ts, value, quality, around !== undefined, !bucket);
    const coarse = this.coarse;
    if (coarse) {
      const coarseIndex = coarse.indexOf(ts);
      if (coarse.covers(coarseIndex)) {
        const hour = coarse.bucketFor(coarseIndex);
        hour.add(ts, value, quality, shape, around);
        coarse.settle(hour);
      } else if (quality !== 'bad' && ts > this.beforeCoarse!.ts) {
        write(this.beforeCoarse!, ts, value, quality);
      }
    }
    if (summaries) for (const tracker of this.trackers.values()) tracker.add(ts, value, quality, shape, around);
    if (summaries && quality === 'bad' && ts > this.latestBadTs) this.latestBadTs = ts;
    if (summaries && quality !== 'bad' && ts > this.latestTs) {
      this.latestTs = ts;
      this.latestValue = value;
      this.latestQuality = quality;
    }
    return outcome;
  }

  /** A bucket taken for a sample that did not go in (a duplicate) may go back into its ring's packed records. */
  private settled(bucket: RingBucket, outcome: AddOutcome): AddOutcome {
    this.fine.settle(bucket);
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
    const start = coarse.startOf(coarse.indexOf(from));
    // an empty fine ring has no edge (its lowest index is −Infinity, which a local-hour ring cannot place)
    const cut = Number.isFinite(fine.lowest)
      ? Math.max(coarse.startOf(coarse.indexOf(fine.startOf(fine.lowest) - 1) + 1), start)
      : start;
    coarse.mergeInto(into, coarse.indexOf(from), coarse.indexOf(Math.min(to, cut) - 1), shape);
    if (to > cut) fine.mergeInto(into, fine.indexOf(cut), fine.indexOf(to - 1), shape);
    return start;
  }

  /**
   * First edge after `ts` that windows of `windowMs` start on (see windowInto): a sample at `ts` is in the
   * window [from, to) while from is below it, and a window start at or past it no longer reaches back to `ts`.
   */
  windowEdgeAfter(ts: number, windowMs: number): number {
    const ring = this.windowRing(windowMs);
    return ring.startOf(ring.indexOf(ts) + 1);
  }

  /** The start windowInto uses for a window of `windowMs` from `from` (quantised down to a bucket edge). */
  windowStart(from: number, windowMs: number): number {
    const ring = this.windowRing(windowMs);
    return ring.startOf(ring.indexOf(from));
  }

  /**
   * Whether the buckets still hold a window of `windowMs` from `from`: false once the ring serving it moved past its
   * start (the signal's newest sample is more than the horizon ahead), when a merge would read only part of it.
   */
  holdsWindow(from: number, windowMs: number): boolean {
    const ring = this.windowRing(windowMs);
    return ring.covers(ring.indexOf(from));
  }

  /** How far past a window's end this signal's newest sample may move while the window is still held (ms). */
  heldSpan(windowMs: number): number {
    const ring = this.windowRing(windowMs);
    // one bucket for the quantised start, one for a local-clock hour of 90 minutes
    return (ring.size - 3) * ring.widthMs - windowMs;
  }

  private windowRing(windowMs: number): BucketRing {
    return this.coarse && this.needsCoarse(windowMs) ? this.coarse : this.fine;
  }

  private needsCoarse(windowMs: number): boolean {
    return !servesFinely(windowMs, (this.fine.size - 1) * this.fine.widthMs, this.fine.widthMs);
  }

  /**
   * Newest usable sample strictly before `before` (bucket-aligned for closed periods), the carry-in of a window
   * starting there. Exact for gauges and counters while `before` is past the newest sample evicted from the fine
   * buckets (any window they hold), and for every kind while it is past the newest sample older than the hour
   * buckets (any long window they hold). Otherwise the period summaries' last samples answer: a sample evicted
   * before the newest evicted one is not known. Other kinds are asked at period ends only, where the summaries
   * are exact.
   */
  latestBefore(before: number, type: ReportingPeriod, periodStart: number, out: LatestSample): boolean {
    if (this.latestTs < before) return write(out, this.latestTs, this.latestValue, this.latestQuality);
    const tracker = this.trackers.get(type);
    const own = tracker?.get(periodStart);
    if (own && own.count > 0 && own.lastTs < before) return write(out, own.lastTs, own.lastValue, own.lastQuality);
    const fine = this.fine.lastUsableBefore(this.fine.indexOf(before - 1), before);
    if (fine) return write(out, fine.lastTs, fine.lastValue, fine.lastQuality);
    // Every sample outside the fine buckets is older than those in them: a reading hours old in this very period
    // (its summary's last sample is in the window) is found here, where the summaries cannot see it.
    if (joinsSamples(this.shape) && this.late.newestBefore(before, out)) return true;
    const coarse = this.coarse;
    if (coarse) {
      const hour = coarse.lastUsableBefore(coarse.indexOf(before - 1), before);
      if (hour) return write(out, hour.lastTs, hour.lastValue, hour.lastQuality);
      if (this.newestBeforeHours(coarse, before, out)) return true;
    }
    const period = tracker?.latestBefore(before);
    return period ? write(out, period.lastTs, period.lastValue, period.lastQuality) : false;
  }

  /** The newest usable sample outside the hour buckets (older than all in them), when it is before `before`. */
  private newestBeforeHours(coarse: BucketRing, before: number, out: LatestSample): boolean {
    const added = this.beforeCoarse!;
    if (coarse.evictedTs > added.ts)
      return coarse.evictedTs < before && write(out, coarse.evictedTs, coarse.evictedValue, coarse.evictedQuality);
    return added.ts < before && write(out, added.ts, added.value, added.quality);
  }

  /** Timestamp of a usable sample after ts that bounds the periods reading ts as latest; Infinity if unknown. */
  nextUsableAfter(ts: number): number {
    const found: BucketEnds | undefined =
      this.coarse?.firstUsableAfter(this.coarse.indexOf(ts), ts) ??
      this.fine.firstUsableAfter(this.fine.indexOf(ts), ts);
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
