import type { SampleAccumulator } from '../aggregation/sample-accumulator';
import type { SignalSeries } from '../series/signal-series';
import { qualityCode, qualityOf, readAccumulator, writeAccumulator } from './accumulator-codec';
import { NumberReader, NumberWriter } from './number-stream';

/** Layout version of the encoded state; a checkpoint of another layout is not read. */
export const CHECKPOINT_FORMAT = 3;

/**
 * The state a restart needs from before `cut`, as one flat array of doubles: per signal its newest sample, when its
 * newest bad one was (a signal whose newest sample is bad is stale) and the
 * period-to-date summaries (count, exact sums, extremes, first/last, held time, counter increase) of the periods
 * its KPIs still evaluate, plus the newest earlier period with a sample (the value carried into them). Raw samples
 * and buckets are not in it: those from `cut` on (and the newest before it) are read again from storage.
 */
export interface KpiCheckpoint {
  /** Newest sample time the state holds. */
  watermark: number;
  /** Sample time from which stored samples are read again at a restore. */
  cut: number;
  data: Float64Array;
}

/** What must match between the engine that wrote a checkpoint and the one reading it. */
export interface CheckpointLayout {
  bucketMs: number;
  retentionMs: number;
}

/** Per signal and period type: periods ending at or before this are only kept as the carried-in one. */
export type KeepFrom = (signalId: string, type: string) => number;

export function encodeCheckpoint(
  layout: CheckpointLayout,
  watermark: number,
  cut: number,
  series: readonly SignalSeries[],
  keepFrom: KeepFrom,
): KpiCheckpoint {
  const out = new NumberWriter();
  writeHeader(out, layout, watermark, cut, series.length);
  for (const s of series) writeSeries(out, s, keepFrom);
  return { watermark, cut, data: out.finish() };
}

export function writeHeader(
  out: NumberWriter,
  layout: CheckpointLayout,
  watermark: number,
  cut: number,
  seriesCount: number,
): void {
  out.push(CHECKPOINT_FORMAT);
  out.push(layout.bucketMs);
  out.push(layout.retentionMs);
  out.push(watermark);
  out.push(cut);
  out.push(seriesCount);
}

/** One signal's part: its newest usable sample and newest bad sample's time, then per period type the summaries kept. */
export function writeSeries(out: NumberWriter, s: SignalSeries, keepFrom: KeepFrom): void {
  out.push(s.latestTs);
  out.push(s.latestValue);
  out.push(qualityCode(s.latestQuality));
  out.push(s.latestBadTs);
  const trackers = s.trackerList();
  out.push(trackers.length);
  for (const tracker of trackers) {
    const from = keepFrom(s.id, tracker.type);
    const kept: Array<[number, SampleAccumulator]> = [];
    let carried: [number, SampleAccumulator] | undefined;
    for (const [start, acc] of tracker.entries()) {
      if (start >= from) kept.push([start, acc]);
      else if (acc.count > 0 && (!carried || acc.lastTs > carried[1].lastTs)) carried = [start, acc];
    }
    if (carried) kept.push(carried);
    out.push(kept.length);
    for (const [start, acc] of kept) {
      out.push(start);
      writeAccumulator(out, acc);
    }
  }
}

/** Puts a checkpoint's summaries into fresh series of the same model; throws when it does not fit them. */
export function decodeCheckpoint(
  layout: CheckpointLayout,
  data: Float64Array,
  series: readonly SignalSeries[],
): { watermark: number; cut: number } {
  const input = new NumberReader(data);
  const format = input.next();
  if (format !== CHECKPOINT_FORMAT) throw new RangeError(`checkpoint format ${format} is not ${CHECKPOINT_FORMAT}`);
  const bucketMs = input.next();
  const retentionMs = input.next();
  if (bucketMs !== layout.bucketMs || retentionMs !== layout.retentionMs)
    throw new RangeError('checkpoint written with other bucket or retention settings');
  const watermark = input.next();
  const cut = input.next();
  if (input.count() !== series.length) throw new RangeError('checkpoint of another set of signals');
  for (const s of series) {
    if (s.latestTs !== -Infinity) throw new RangeError('a checkpoint is restored into an empty engine only');
    const latestTs = input.next();
    const latestValue = input.next();
    const latestQuality = qualityOf(input.next());
    const latestBadTs = input.next();
    const trackers = s.trackerList();
    if (input.count() !== trackers.length) throw new RangeError(`checkpoint of other period types for '${s.id}'`);
    for (const tracker of trackers) {
      const n = input.count();
      for (let i = 0; i < n; i++) {
        const start = input.next();
        tracker.restore(start, readAccumulator(input));
      }
    }
    s.latestTs = latestTs;
    s.latestValue = latestValue;
    s.latestQuality = latestQuality;
    s.latestBadTs = latestBadTs;
  }
  if (!input.done) throw new RangeError('checkpoint has data past its end');
  return { watermark, cut };
}
