import { lowerBound, upperBound, type SampleQuality } from '@bsc/common';
import type { Neighbours } from '../aggregation/signal-shape';
import type { BucketRing } from './bucket-ring';
import type { RingBucket } from './ring-bucket';

/** Samples added when already older than the fine buckets, remembered one by one (16 bytes each, 24 with qualities). */
export const MAX_REMEMBERED_OUTSIDE = 4_096;

/**
 * Finds the usable samples on either side of a late gauge or counter sample, so that summaries can replace the
 * segment between them. Exact within the fine buckets (they keep values beside timestamps); outside them exact
 * for a sample older than everything, newer than the newest sample evicted from the buckets (the samples added
 * since, already too old, are remembered one by one, up to MAX_REMEMBERED_OUTSIDE), or continuing a run of late
 * samples in time order (a backfill). Otherwise unknown: between two samples evicted from the buckets.
 * The same knowledge gives a window's carry-in once it left the buckets (newestBefore).
 */
export class LateNeighbours {
  /** Late samples whose neighbours were unknown: they entered the per-sample aggregates only. */
  unjoined = 0;
  private readonly out: Neighbours = { prevTs: -Infinity, prevValue: 0, nextTs: Infinity, nextValue: 0 };
  private earliestTs = Infinity;
  private earliestValue = 0;
  /** Usable samples added when already older than the fine buckets and newer than `boundary`, in time order. */
  private readonly outsideStamps: number[] = [];
  private readonly outsideValues: number[] = [];
  /** Their qualities, from the first uncertain one on (most feeds send none: no array per signal for them). */
  private outsideQualities: SampleQuality[] | undefined;
  /** The newest sample forgotten from the outside list for lack of room (-Infinity: none). */
  private droppedTs = -Infinity;
  private droppedValue = 0;
  private droppedQuality: SampleQuality = 'good';
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
    // every sample between the boundary and the fine buckets is in the outside list
    if (ts > this.pruneOutside()) {
      const stamps = this.outsideStamps;
      const at = upperBound(stamps, ts);
      const before = stamps[at - 1] === ts ? at - 2 : at - 1;
      if (before >= 0) {
        out.prevTs = stamps[before];
        out.prevValue = this.outsideValues[before];
      } else {
        this.boundaryInto(out);
      }
      if (at < stamps.length) {
        out.nextTs = stamps[at];
        out.nextValue = this.outsideValues[at];
      } else {
        const first = this.fine.firstUsableAfter(this.fine.lowest, ts);
        if (first) {
          out.nextTs = first.firstTs;
          out.nextValue = first.firstValue;
        }
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
  noteSample(ts: number, value: number, quality: SampleQuality, joined: boolean, outsideBuckets: boolean): void {
    // A sample that did not move the cursor may still fall between the cursor and its successor.
    if (!joined && this.cursorTs < ts && ts < this.cursorNextTs) {
      this.cursorNextTs = ts;
      this.cursorNextValue = value;
    }
    if (ts < this.earliestTs) {
      this.earliestTs = ts;
      this.earliestValue = value;
    }
    if (outsideBuckets) this.rememberOutside(ts, value, quality);
  }

  /**
   * The newest usable sample outside the fine buckets strictly before `before`, when known: a remembered one, else
   * the boundary below `before`. Between two samples evicted from the buckets nothing is known, so false when
   * `before` is at or behind the boundary and no remembered sample is older.
   */
  newestBefore(before: number, out: { ts: number; value: number; quality: SampleQuality }): boolean {
    const boundary = this.pruneOutside();
    const at = lowerBound(this.outsideStamps, before) - 1;
    if (at >= 0) {
      out.ts = this.outsideStamps[at];
      out.value = this.outsideValues[at];
      out.quality = this.outsideQualities?.[at] ?? 'good';
      return true;
    }
    if (boundary === -Infinity || boundary >= before) return false;
    const evicted = this.fine.evictedTs >= this.droppedTs;
    out.ts = boundary;
    out.value = evicted ? this.fine.evictedValue : this.droppedValue;
    out.quality = evicted ? this.fine.evictedQuality : this.droppedQuality;
    return true;
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
    this.pruneOutside();
    const n = this.outsideStamps.length;
    if (n === 0) return this.boundaryInto(out);
    out.prevTs = this.outsideStamps[n - 1];
    out.prevValue = this.outsideValues[n - 1];
  }

  /** Below the boundary (the newest sample evicted from the buckets or forgotten here) samples are not known. */
  private boundaryInto(out: Neighbours): void {
    const evicted = this.fine.evictedTs >= this.droppedTs;
    const ts = evicted ? this.fine.evictedTs : this.droppedTs;
    if (ts === -Infinity) return;
    out.prevTs = ts;
    out.prevValue = evicted ? this.fine.evictedValue : this.droppedValue;
  }

  /** Forgets outside samples at or below the boundary (they can no longer be a neighbour); returns the boundary. */
  private pruneOutside(): number {
    const boundary = Math.max(this.fine.evictedTs, this.droppedTs);
    const stamps = this.outsideStamps;
    if (stamps.length > 0 && stamps[0] <= boundary) {
      const keep = upperBound(stamps, boundary);
      stamps.splice(0, keep);
      this.outsideValues.splice(0, keep);
      this.outsideQualities?.splice(0, keep);
    }
    return boundary;
  }

  private rememberOutside(ts: number, value: number, quality: SampleQuality): void {
    if (ts <= this.pruneOutside()) return;
    const stamps = this.outsideStamps;
    const at = upperBound(stamps, ts);
    if (stamps[at - 1] === ts) return; // a repeat outside the buckets (not checked for duplicates)
    if (quality !== 'good') this.outsideQualities ??= stamps.map((): SampleQuality => 'good');
    stamps.splice(at, 0, ts);
    this.outsideValues.splice(at, 0, value);
    this.outsideQualities?.splice(at, 0, quality);
    if (stamps.length > MAX_REMEMBERED_OUTSIDE) {
      this.droppedTs = stamps.shift()!;
      this.droppedValue = this.outsideValues.shift()!;
      this.droppedQuality = this.outsideQualities?.shift() ?? 'good';
    }
  }

  private reset(): Neighbours {
    this.out.prevTs = -Infinity;
    this.out.nextTs = Infinity;
    return this.out;
  }
}
