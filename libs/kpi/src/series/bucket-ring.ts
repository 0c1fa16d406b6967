import { SampleAccumulator } from '../aggregation/sample-accumulator';
import type { SignalShape } from '../aggregation/signal-shape';
import type { TimeZone } from '../calendar/time-zone';
import type { StampBudget } from './stamp-budget';

const HOUR_MS = 3_600_000;

/** A time bucket in a ring: its absolute index tells whether the slot still holds it. */
export class RingBucket extends SampleAccumulator {
  index = Number.NaN;
  /** Sorted sample timestamps (all qualities); only kept by rings that detect duplicates. */
  stamps: number[] = [];
  /** Values beside `stamps` (NaN for bad samples): the neighbours a late sample is joined to. */
  values: number[] = [];
  /**
   * Stamps at or before this instant were given up to the stamp budget (-Infinity: none): a sample there cannot
   * be checked for duplicates nor joined to its neighbours. The newest of them is kept as the first stamp.
   */
  thinnedTo = -Infinity;
  /** Index for which the stamp budget holds this bucket in its queue (NaN: not queued). */
  queuedIndex = Number.NaN;

  /** Gives up every stamp but the newest; returns how many were released. */
  thin(): number {
    const n = this.stamps.length;
    if (n <= 1) return 0;
    const last = this.stamps[n - 1];
    this.stamps = [last];
    if (this.values.length === n) this.values = [this.values[n - 1]];
    this.thinnedTo = last;
    return n - 1;
  }

  /** Clears the bucket for reuse at another index; returns how many stamps it held. */
  recycle(index: number): number {
    const held = this.stamps.length;
    this.reset();
    this.stamps.length = 0;
    this.values.length = 0;
    this.thinnedTo = -Infinity;
    this.index = index;
    return held;
  }
}

/**
 * Fixed-capacity ring of time buckets of one width, shifted by the calendar zone's offset within the hour
 * (alignmentMs, e.g. 30 min for +05:30) so that bucket edges fall on local period edges. Only the newest
 * `capacity` buckets are held; objects are reused.
 *
 * Hour buckets of a zone whose clocks move by half an hour (`localHours`, Australia/Lord_Howe) are the local
 * clock's hours instead: bucket n holds the instants whose local time reads hour n. Every edge is then a local
 * hour edge, and the bucket holding a change lasts 30 minutes (clocks forward, 02:00 -> 02:30) or 90 minutes
 * (clocks back, 02:00 -> 01:30: the hour 01:00 holds 01:00-02:00 summer time and 01:30-02:00 standard time).
 */
export class BucketRing {
  /**
   * Empty until the first bucket is taken (bucketFor), then `capacity` slots: a model's every signal gets a ring at
   * start, most of them before any sample, and a ring that never had data reads as empty either way.
   */
  private slots: Array<RingBucket | undefined> = [];
  newest = -Infinity;
  /** Oldest index ever taken: below it every slot is empty, so backward scans stop there instead of at `lowest`. */
  private oldest = Infinity;
  /** Newest usable sample of the buckets that left the ring (-Infinity: none yet). */
  evictedTs = -Infinity;
  evictedValue = 0;

  constructor(
    readonly widthMs: number,
    private readonly alignmentMs: number,
    private capacity: number,
    /** Whether to remember the newest sample leaving the ring (fine buckets: late-sample neighbours). */
    private readonly tracksEvicted = false,
    /** For hour buckets: the zone whose local clock hours they are (see above); undefined: one alignment. */
    private readonly localHours?: TimeZone,
    /** Accounts for the stamps of recycled buckets (fine buckets). */
    private readonly budget?: StampBudget,
  ) {
    if (localHours && widthMs !== HOUR_MS) throw new Error('local-clock buckets are one hour wide');
  }

  get size(): number {
    return this.capacity;
  }

  resize(capacity: number): void {
    if (capacity <= this.capacity) return;
    if (this.newest !== -Infinity) throw new Error('a bucket ring cannot grow after data arrived');
    this.capacity = capacity;
  }

  indexOf(ts: number): number {
    const zone = this.localHours;
    if (zone) return Math.floor((ts + zone.offsetAt(ts)) / HOUR_MS);
    return Math.floor((ts + this.alignmentMs) / this.widthMs);
  }

  startOf(index: number): number {
    // a local hour skipped by clocks going forward starts (and ends) at the change
    if (this.localHours) return this.localHours.instantOf(index * HOUR_MS);
    return index * this.widthMs - this.alignmentMs;
  }

  /** Oldest index still held. */
  get lowest(): number {
    return this.newest - this.capacity + 1;
  }

  covers(index: number): boolean {
    return index > this.newest - this.capacity;
  }

  /** The bucket for `index`, recycling whatever older bucket occupied its slot. Caller checks covers() first. */
  bucketFor(index: number): RingBucket {
    if (this.tracksEvicted && index > this.newest && this.newest !== -Infinity)
      this.evictBelow(index - this.capacity + 1);
    if (this.slots.length === 0) this.slots = new Array<RingBucket | undefined>(this.capacity);
    const slot = mod(index, this.capacity);
    let bucket = this.slots[slot];
    if (bucket === undefined) {
      bucket = new RingBucket();
      this.slots[slot] = bucket;
    }
    if (bucket.index !== index) {
      const held = bucket.recycle(index);
      this.budget?.dropped(held);
    }
    if (index > this.newest) this.newest = index;
    if (index < this.oldest) this.oldest = index;
    return bucket;
  }

  /** Remembers the newest usable sample of the buckets below `lowest` once the ring moves past them. */
  private evictBelow(lowest: number): void {
    const to = Math.min(lowest, this.newest + 1);
    for (let i = Math.max(this.lowest, to - this.capacity); i < to; i++) {
      const bucket = this.slots[mod(i, this.capacity)];
      if (bucket !== undefined && bucket.index === i && bucket.count > 0 && bucket.lastTs > this.evictedTs) {
        this.evictedTs = bucket.lastTs;
        this.evictedValue = bucket.lastValue;
      }
    }
  }

  get(index: number): RingBucket | undefined {
    if (!this.covers(index) || index > this.newest) return undefined;
    const bucket = this.slots[mod(index, this.capacity)];
    return bucket !== undefined && bucket.index === index ? bucket : undefined;
  }

  /** Merges buckets first..last (indices, inclusive) that are still held, oldest first (shape joins them). */
  mergeInto(into: SampleAccumulator, first: number, last: number, shape?: Readonly<SignalShape>): void {
    const from = Math.max(first, this.lowest, this.oldest);
    const to = Math.min(last, this.newest);
    for (let i = from; i <= to; i++) {
      const bucket = this.slots[mod(i, this.capacity)];
      if (bucket !== undefined && bucket.index === i && (bucket.count > 0 || bucket.bad > 0)) into.merge(bucket, shape);
    }
  }

  /** Newest bucket at or below `index` with a usable sample strictly before `before`. */
  lastUsableBefore(index: number, before: number): RingBucket | undefined {
    // before the first bucket `lowest` is -Infinity, and counting down to it would never end
    if (this.newest === -Infinity) return undefined;
    // a signal with no samples before the asked index would otherwise walk the whole ring (a day of minutes) each time
    for (let i = Math.min(index, this.newest), stop = Math.max(this.lowest, this.oldest); i >= stop; i--) {
      const bucket = this.slots[mod(i, this.capacity)];
      if (bucket !== undefined && bucket.index === i && bucket.count > 0 && bucket.lastTs < before) return bucket;
    }
    return undefined;
  }

  /** First bucket at or above `index` with a usable sample after `ts`. */
  firstUsableAfter(index: number, ts: number): RingBucket | undefined {
    for (let i = Math.max(index, this.lowest); i <= this.newest; i++) {
      const bucket = this.slots[mod(i, this.capacity)];
      if (bucket !== undefined && bucket.index === i && bucket.count > 0 && bucket.lastTs > ts) return bucket;
    }
    return undefined;
  }
}

function mod(i: number, n: number): number {
  const r = i % n;
  return r < 0 ? r + n : r;
}
