import type { SampleQuality } from '@bsc/common';
import type { ExactSum } from '../aggregation/exact-sum';
import type { SampleAccumulator } from '../aggregation/sample-accumulator';

/** A bucket's first and newest usable samples: what lookups of neighbours and carried values read. */
export interface BucketEnds {
  count: number;
  firstTs: number;
  firstValue: number;
  lastTs: number;
  lastValue: number;
  lastQuality: SampleQuality;
}

/** What a record holds of a ring's bucket (a RingBucket; named here, so the two files need not import each other). */
export interface PackableBucket extends SampleAccumulator {
  index: number;
  stamps: number[];
  values: number[];
  thinnedTo: number;
  /** Clears the bucket for `index`. */
  recycle(index: number): number;
}

/** Partials a packed sum keeps; a bucket with a sum needing more stays an object. One to three is the common case. */
export const PACKED_PARTIALS = 3;

// Offsets of a bucket's figures in its record.
const INDEX = 0;
const COUNT = 1;
const UNCERTAIN = 2;
const BAD = 3;
const INT_SUM = 4;
const INT_SUM_SQ = 5;
const MIN = 6;
const MAX = 7;
const FIRST_TS = 8;
const FIRST_VALUE = 9;
const LAST_TS = 10;
const LAST_VALUE = 11;
const LAST_QUALITY = 12;
const HELD_INT = 13;
const HELD_MS = 14;
const INCREASE_INT = 15;
const THINNED_TO = 16;
/** The one stamp and value a packed bucket may keep (NaN: none). */
const STAMP = 17;
const VALUE = 18;
const HAS_VALUE = 19;
const SUMS = 20;
const SUM_WIDTH = PACKED_PARTIALS + 1;
/** Doubles per bucket: 296 bytes, where a bucket object with its sums and boxed numbers takes about 700. */
const WIDTH = SUMS + 4 * SUM_WIDTH;

const QUALITIES: readonly SampleQuality[] = ['good', 'uncertain', 'bad'];

/**
 * The closed buckets of one ring as records in one array of doubles, so that hours of minute buckets of every signal
 * cost a few hundred bytes each instead of an object graph. The array grows with the records in use (a sparse
 * signal's ring holds few), up to the ring's capacity. Packing keeps every figure: a bucket unpacked holds the same
 * counts, extremes, first and last samples and exact sums (their partials, re-added to an empty sum, give the same
 * exact value), so every window merged from it is bit for bit what the object gave.
 */
export class PackedBuckets {
  /**
   * A plain array that only ever holds numbers: V8 keeps it as unboxed doubles on its own heap. A Float64Array
   * would be memory outside the heap, whose every growth nudges the collector into a full collection.
   */
  private readonly data: number[] = [];
  private readonly free: number[] = [];

  constructor(private readonly maxRecords: number) {}

  /** A record to pack a bucket into (one freed earlier when there is one). */
  allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const id = this.data.length / WIDTH;
    if (id >= this.maxRecords) throw new Error(`a ring packs at most ${this.maxRecords} buckets`);
    for (let i = 0; i < WIDTH; i++) this.data.push(0);
    return id;
  }

  /** Gives a record back; returns how many stamps its bucket held (for the stamp budget). */
  release(id: number): number {
    this.free.push(id);
    return Number.isNaN(this.data[id * WIDTH + STAMP]) ? 0 : 1;
  }

  /** Index of the bucket packed in record `id`. */
  indexAt(id: number): number {
    return this.data[id * WIDTH + INDEX];
  }

  /** Whether a bucket fits a record: at most one stamp and value, and sums of few partials. */
  static fits(bucket: PackableBucket): boolean {
    return (
      bucket.stamps.length <= 1 &&
      bucket.values.length <= 1 &&
      bucket.sum.length <= PACKED_PARTIALS &&
      bucket.sumSq.length <= PACKED_PARTIALS &&
      bucket.held.length <= PACKED_PARTIALS &&
      bucket.increase.length <= PACKED_PARTIALS
    );
  }

  /** Stores a bucket that fits() in record `id`. */
  pack(id: number, b: PackableBucket): void {
    const d = this.data;
    const at = id * WIDTH;
    d[at + INDEX] = b.index;
    d[at + COUNT] = b.count;
    d[at + UNCERTAIN] = b.uncertain;
    d[at + BAD] = b.bad;
    d[at + INT_SUM] = b.intSum;
    d[at + INT_SUM_SQ] = b.intSumSq;
    d[at + MIN] = b.min;
    d[at + MAX] = b.max;
    d[at + FIRST_TS] = b.firstTs;
    d[at + FIRST_VALUE] = b.firstValue;
    d[at + LAST_TS] = b.lastTs;
    d[at + LAST_VALUE] = b.lastValue;
    d[at + LAST_QUALITY] = QUALITIES.indexOf(b.lastQuality);
    d[at + HELD_INT] = b.heldInt;
    d[at + HELD_MS] = b.heldMs;
    d[at + INCREASE_INT] = b.increaseInt;
    d[at + THINNED_TO] = b.thinnedTo;
    d[at + STAMP] = b.stamps.length === 1 ? b.stamps[0] : Number.NaN;
    // a value may itself be NaN (a bad sample's), hence the flag
    d[at + HAS_VALUE] = b.values.length;
    d[at + VALUE] = b.values.length === 1 ? b.values[0] : 0;
    packSum(d, at + SUMS, b.sum);
    packSum(d, at + SUMS + SUM_WIDTH, b.sumSq);
    packSum(d, at + SUMS + 2 * SUM_WIDTH, b.held);
    packSum(d, at + SUMS + 3 * SUM_WIDTH, b.increase);
  }

  /** Writes the bucket of record `id` into `b` (a new or scratch bucket); the record stays. */
  unpack<B extends PackableBucket>(id: number, b: B): B {
    const d = this.data;
    const at = id * WIDTH;
    b.recycle(d[at + INDEX]);
    b.count = d[at + COUNT];
    b.uncertain = d[at + UNCERTAIN];
    b.bad = d[at + BAD];
    b.intSum = d[at + INT_SUM];
    b.intSumSq = d[at + INT_SUM_SQ];
    b.min = d[at + MIN];
    b.max = d[at + MAX];
    b.firstTs = d[at + FIRST_TS];
    b.firstValue = d[at + FIRST_VALUE];
    b.lastTs = d[at + LAST_TS];
    b.lastValue = d[at + LAST_VALUE];
    b.lastQuality = QUALITIES[d[at + LAST_QUALITY]];
    b.heldInt = d[at + HELD_INT];
    b.heldMs = d[at + HELD_MS];
    b.increaseInt = d[at + INCREASE_INT];
    b.thinnedTo = d[at + THINNED_TO];
    if (!Number.isNaN(d[at + STAMP])) b.stamps.push(d[at + STAMP]);
    if (d[at + HAS_VALUE] === 1) b.values.push(d[at + VALUE]);
    unpackSum(d, at + SUMS, b.sum);
    unpackSum(d, at + SUMS + SUM_WIDTH, b.sumSq);
    unpackSum(d, at + SUMS + 2 * SUM_WIDTH, b.held);
    unpackSum(d, at + SUMS + 3 * SUM_WIDTH, b.increase);
    return b;
  }

  /** Writes the record's first and newest usable samples into `out`, without unpacking its sums. */
  peek(id: number, out: BucketEnds): BucketEnds {
    const d = this.data;
    const at = id * WIDTH;
    out.count = d[at + COUNT];
    out.firstTs = d[at + FIRST_TS];
    out.firstValue = d[at + FIRST_VALUE];
    out.lastTs = d[at + LAST_TS];
    out.lastValue = d[at + LAST_VALUE];
    out.lastQuality = QUALITIES[d[at + LAST_QUALITY]];
    return out;
  }

  /** The figures a scan reads without unpacking: usable samples and the newest one's time. */
  count(id: number): number {
    return this.data[id * WIDTH + COUNT];
  }

  lastTs(id: number): number {
    return this.data[id * WIDTH + LAST_TS];
  }

  /** Whether the bucket holds any sample, usable or bad (an empty one merges as nothing). */
  holdsSamples(id: number): boolean {
    const at = id * WIDTH;
    return this.data[at + COUNT] > 0 || this.data[at + BAD] > 0;
  }
}

function packSum(d: number[], at: number, sum: ExactSum): void {
  const n = sum.length;
  d[at] = n;
  for (let i = 0; i < n; i++) d[at + 1 + i] = sum.partialAt(i);
}

function unpackSum(d: number[], at: number, sum: ExactSum): void {
  // recycle() reset the sum; re-adding the partials gives the same exact value
  const n = d[at];
  for (let i = 0; i < n; i++) sum.add(d[at + 1 + i]);
}
