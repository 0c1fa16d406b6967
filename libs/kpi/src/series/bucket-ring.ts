import type { SampleQuality } from '@bsc/common';
import type { SampleAccumulator } from '../aggregation/sample-accumulator';
import type { SignalShape } from '../aggregation/signal-shape';
import type { TimeZone } from '../calendar/time-zone';
import { PackedBuckets, type BucketEnds } from './bucket-pack';
import { RingBucket } from './ring-bucket';
import type { StampBudget } from './stamp-budget';

const HOUR_MS = 3_600_000;
/** Buckets at the front of a ring kept as objects (the one filling and the one before, for samples just late). */
export const UNPACKED_BUCKETS = 2;

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
   * start, most of them before any sample, and a ring that never had data reads as empty either way. A slot holds
   * a bucket object, or the number of the record its bucket is packed in (see settle).
   */
  private slots: Array<RingBucket | number | undefined> = [];
  private packed: PackedBuckets | undefined;
  /** Every object bucket below this index was offered to settle when the ring moved past it. */
  private settledBelow = -Infinity;
  /** The bucket bucketFor handed out, until settle: it may be taking a sample, so it is not packed meanwhile. */
  private filling: RingBucket | undefined;
  /** The object of the bucket packed last, reused for the next new one (index NaN meanwhile). */
  private spare: RingBucket | undefined;
  newest = -Infinity;
  /** Oldest index ever taken: below it every slot is empty, so backward scans stop there instead of at `lowest`. */
  private oldest = Infinity;
  /** Newest usable sample of the buckets that left the ring (-Infinity: none yet). */
  evictedTs = -Infinity;
  evictedValue = 0;
  evictedQuality: SampleQuality = 'good';

  constructor(
    readonly widthMs: number,
    private readonly alignmentMs: number,
    private capacity: number,
    /** Whether to remember the newest sample leaving the ring (late-sample neighbours, carry-ins). */
    private readonly tracksEvicted = false,
    /** For hour buckets: the zone whose local clock hours they are (see above); undefined: one alignment. */
    private readonly localHours?: TimeZone,
    /** Accounts for the stamps of recycled buckets (fine buckets). */
    private readonly budget?: StampBudget,
    /** Buckets at the front kept as objects; older ones are packed. Infinity: none packed (a reference for tests). */
    private readonly unpacked = UNPACKED_BUCKETS,
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

  /**
   * The bucket for `index` as an object to add to, recycling whatever older bucket occupied its slot. Caller checks
   * covers() first, adds at once (taking a newer index may pack this one) and then calls settle().
   */
  bucketFor(index: number): RingBucket {
    if (this.tracksEvicted && index > this.newest && this.newest !== -Infinity)
      this.evictBelow(index - this.capacity + 1);
    if (this.slots.length === 0) this.slots = new Array<RingBucket | number | undefined>(this.capacity);
    const slot = mod(index, this.capacity);
    let held = this.slots[slot];
    if (typeof held === 'number') {
      const packed = this.packed!;
      const bucket = this.takeSpare();
      // unpacked, its stamp stays counted by the budget; recycled, it is dropped
      if (packed.indexAt(held) === index) {
        packed.unpack(held, bucket);
        packed.release(held);
      } else {
        const stamps = packed.release(held);
        this.budget?.dropped(stamps);
      }
      this.slots[slot] = held = bucket;
    } else if (held === undefined) {
      held = this.takeSpare();
      this.slots[slot] = held;
    }
    if (held.index !== index) {
      // not inside the optional call: without a budget its argument would not be evaluated
      const stamps = held.recycle(index);
      this.budget?.dropped(stamps);
    }
    if (index > this.newest) this.newest = index;
    if (index < this.oldest) this.oldest = index;
    this.settleBehind();
    this.filling = held;
    return held;
  }

  /**
   * Packs a bucket object that is no longer at the front of the ring when it fits a record (at most one stamp left:
   * the stamp budget thinned it, or it took one sample); the others stay objects until thinned or recycled.
   */
  settle(bucket: RingBucket): void {
    if (bucket === this.filling) this.filling = undefined;
    this.offer(bucket);
  }

  /** A bucket that may fit a record now (the stamp budget thinned it); not the one between bucketFor and settle. */
  offer(bucket: RingBucket): void {
    if (bucket === this.filling) return;
    if (bucket.owner !== this || bucket.index > this.newest - this.unpacked || !PackedBuckets.fits(bucket)) return;
    const slot = mod(bucket.index, this.capacity);
    if (this.slots[slot] !== bucket) return;
    this.packed ??= new PackedBuckets(this.capacity);
    const id = this.packed.allocate();
    this.packed.pack(id, bucket);
    this.slots[slot] = id;
    this.budget?.forget(bucket);
    // kept for this ring's next bucket: one object a minute less to make and collect
    bucket.index = Number.NaN;
    this.spare = bucket;
  }

  /** An object for a new bucket of this ring: the one packed last, or a new one. */
  private takeSpare(): RingBucket {
    const bucket = this.spare ?? new RingBucket();
    // its stamp went into the record, which the budget counts: cleared here without telling it
    if (this.spare) bucket.recycle(Number.NaN);
    this.spare = undefined;
    bucket.owner = this;
    return bucket;
  }

  /** Offers the objects the front of the ring just moved past to settle. */
  private settleBehind(): void {
    const below = this.newest - this.unpacked + 1;
    if (below <= this.settledBelow) return;
    for (let i = Math.max(this.settledBelow, this.lowest, this.oldest); i < below; i++) {
      const held = this.slots[mod(i, this.capacity)];
      if (typeof held === 'object' && held.index === i) this.offer(held);
    }
    this.settledBelow = below;
  }

  /** Remembers the newest usable sample of the buckets below `lowest` once the ring moves past them. */
  private evictBelow(lowest: number): void {
    const to = Math.min(lowest, this.newest + 1);
    for (let i = Math.max(this.lowest, to - this.capacity); i < to; i++) {
      const held = this.slots[mod(i, this.capacity)];
      if (held === undefined || !this.usable(held, i)) continue;
      if (this.lastTsOf(held) > this.evictedTs) {
        const last = this.peek(held);
        this.evictedTs = last.lastTs;
        this.evictedValue = last.lastValue;
        this.evictedQuality = last.lastQuality;
      }
    }
  }

  /** The bucket of `index` if still held; a packed one is read into a scratch bucket valid until the next read. */
  get(index: number): RingBucket | undefined {
    if (!this.covers(index) || index > this.newest) return undefined;
    const held = this.slots[mod(index, this.capacity)];
    if (held === undefined) return undefined;
    const at = typeof held === 'object' ? held.index : this.packed!.indexAt(held);
    return at === index ? this.open(held) : undefined;
  }

  /** Merges buckets first..last (indices, inclusive) that are still held, oldest first (shape joins them). */
  mergeInto(into: SampleAccumulator, first: number, last: number, shape?: Readonly<SignalShape>): void {
    const from = Math.max(first, this.lowest, this.oldest);
    const to = Math.min(last, this.newest);
    for (let i = from; i <= to; i++) {
      const slot = mod(i, this.capacity);
      const held = this.slots[slot];
      if (held === undefined) continue;
      if (typeof held === 'number') {
        const packed = this.packed!;
        if (packed.indexAt(held) === i && packed.holdsSamples(held)) into.merge(packed.unpack(held, scratch), shape);
      } else if (held.index === i && (held.count > 0 || held.bad > 0)) into.merge(held, shape);
    }
  }

  /** Newest bucket at or below `index` with a usable sample strictly before `before` (a packed one: see peek). */
  lastUsableBefore(index: number, before: number): BucketEnds | undefined {
    // before the first bucket `lowest` is -Infinity, and counting down to it would never end
    if (this.newest === -Infinity) return undefined;
    // a signal with no samples before the asked index would otherwise walk the whole ring (a day of minutes) each time
    for (let i = Math.min(index, this.newest), stop = Math.max(this.lowest, this.oldest); i >= stop; i--) {
      const held = this.slots[mod(i, this.capacity)];
      if (held !== undefined && this.usable(held, i) && this.lastTsOf(held) < before) return this.peek(held);
    }
    return undefined;
  }

  /** First bucket at or above `index` with a usable sample after `ts` (a packed one: see peek). */
  firstUsableAfter(index: number, ts: number): BucketEnds | undefined {
    for (let i = Math.max(index, this.lowest); i <= this.newest; i++) {
      const held = this.slots[mod(i, this.capacity)];
      if (held !== undefined && this.usable(held, i) && this.lastTsOf(held) > ts) return this.peek(held);
    }
    return undefined;
  }

  /** Whether a slot's content is bucket `index` with a usable sample. */
  private usable(held: RingBucket | number, index: number): boolean {
    if (typeof held === 'object') return held.index === index && held.count > 0;
    return this.packed!.indexAt(held) === index && this.packed!.count(held) > 0;
  }

  private lastTsOf(held: RingBucket | number): number {
    return typeof held === 'object' ? held.lastTs : this.packed!.lastTs(held);
  }

  /** The bucket object, or a packed bucket's ends read into a scratch valid until the next read. */
  private peek(held: RingBucket | number): BucketEnds {
    return typeof held === 'object' ? held : this.packed!.peek(held, ends);
  }

  /** The bucket object, or a packed bucket read into the scratch bucket. */
  private open(held: RingBucket | number): RingBucket {
    return typeof held === 'object' ? held : this.packed!.unpack(held, scratch);
  }
}

/** Where packed buckets are read into: merged at once, or read by the caller before the next read. */
const scratch = new RingBucket();
const ends: BucketEnds = { count: 0, firstTs: 0, firstValue: 0, lastTs: 0, lastValue: 0, lastQuality: 'good' };

function mod(i: number, n: number): number {
  const r = i % n;
  return r < 0 ? r + n : r;
}
