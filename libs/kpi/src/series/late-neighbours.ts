import type { Neighbours } from '../aggregation/signal-shape';
import type { BucketRing, RingBucket } from './bucket-ring';

/**
 * Finds the usable samples on either side of a late gauge or counter sample, so that summaries can replace the
 * segment between them. Exact within the fine buckets (they keep values beside timestamps); outside them exact
 * for a sample older than everything, newer than everything else outside the buckets (a gap filled after a
 * restart), or continuing a run of late samples in time order (a backfill). Otherwise unknown.
 */
export class LateNeighbours {
  /** Late samples whose neighbours were unknown: they entered the per-sample aggregates only. */
  unjoined = 0;
  private readonly out: Neighbours = { prevTs: -Infinity, prevValue: 0, nextTs: Infinity, nextValue: 0 };
  private earliestTs = Infinity;
  private earliestValue = 0;
  /** Newest usable sample added when already older than the fine buckets. */
  private outsideTs = -Infinity;
  private outsideValue = 0;
  /** The last joined late sample and its successor (NaN: none). */
  private cursorTs = Number.NaN;
  private cursorValue = 0;
  private cursorNextTs = Infinity;
  private cursorNextValue = 0;

  constructor(private readonly fine: BucketRing) {}

  /** For a sample at position `at` of the fine bucket `index` (already inserted there). */
  inBucket(bucket: RingBucket, at: number, index: number, ts: number, value: number): Neighbours | undefined {
    const out = this.reset();
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
    return this.complete(out, ts, value);
  }

  /** For a sample older than the fine buckets. */
  outside(ts: number, value: number): Neighbours | undefined {
    const out = this.reset();
    if (ts > this.fine.evictedTs && ts > this.outsideTs) {
      this.newestOutside(out);
      const first = this.fine.firstUsableAfter(this.fine.lowest, ts);
      if (first) {
        out.nextTs = first.firstTs;
        out.nextValue = first.firstValue;
      }
    }
    return this.complete(out, ts, value);
  }

  /** A late sample whose neighbours are no longer known (its bucket gave its stamps up). */
  unjoinable(): void {
    this.cursorTs = Number.NaN;
    this.unjoined++;
  }

  /** Every accepted usable sample passes here after the summaries took it. */
  noteSample(ts: number, value: number, joined: boolean, outsideBuckets: boolean): void {
    // A sample that did not move the cursor may still fall between the cursor and its successor.
    if (!joined && this.cursorTs < ts && ts < this.cursorNextTs) {
      this.cursorNextTs = ts;
      this.cursorNextValue = value;
    }
    if (ts < this.earliestTs) {
      this.earliestTs = ts;
      this.earliestValue = value;
    }
    if (outsideBuckets && ts > this.outsideTs) {
      this.outsideTs = ts;
      this.outsideValue = value;
    }
  }

  /** Fills what the buckets could not tell from the earliest sample or the run of late samples. */
  private complete(out: Neighbours, ts: number, value: number): Neighbours | undefined {
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
    if (out.nextTs === Infinity || (out.prevTs === -Infinity && ts > this.earliestTs)) {
      this.cursorTs = Number.NaN;
      this.unjoined++;
      return undefined;
    }
    this.cursorTs = ts;
    this.cursorValue = value;
    this.cursorNextTs = out.nextTs;
    this.cursorNextValue = out.nextValue;
    return out;
  }

  /** The newest usable sample not in a fine bucket: evicted from them, or added when already too old. */
  private newestOutside(out: Neighbours): void {
    const evicted = this.fine.evictedTs >= this.outsideTs;
    const ts = evicted ? this.fine.evictedTs : this.outsideTs;
    if (ts === -Infinity) return;
    out.prevTs = ts;
    out.prevValue = evicted ? this.fine.evictedValue : this.outsideValue;
  }

  private reset(): Neighbours {
    this.out.prevTs = -Infinity;
    this.out.nextTs = Infinity;
    return this.out;
  }
}
