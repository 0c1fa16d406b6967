import { SampleAccumulator } from '../aggregation/sample-accumulator';

/** What holds a bucket as an object: told when the bucket may be packed (the ring; an interface, not an import). */
export interface BucketOwner {
  offer(bucket: RingBucket): void;
}

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
  /** Index for which the stamp budget holds this bucket in its queue (NaN: not queued), and where. */
  queuedIndex = Number.NaN;
  queuedAt = 0;
  /** The ring holding this bucket as an object (undefined: a scratch bucket), told when it may be packed. */
  owner: BucketOwner | undefined = undefined;

  /** Gives up every stamp but the newest; returns how many were released. */
  thin(): number {
    const n = this.stamps.length;
    if (n <= 1) return 0;
    const last = this.stamps[n - 1];
    this.stamps = [last];
    if (this.values.length === n) this.values = [this.values[n - 1]];
    this.thinnedTo = last;
    this.owner?.offer(this);
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
