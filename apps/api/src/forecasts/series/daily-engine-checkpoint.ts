import type { SignalSample } from '@bsc/common';
import { checkpointData, type KpiEngine, type ReplayHorizon } from '@bsc/kpi';
import { readFromHorizons, type HorizonSampleSource } from '@bsc/persistence';

/** Stored samples, as SampleRepository reads them. */
export interface DailySampleSource extends HorizonSampleSource {
  oldestReceivedAfter(after: number, options?: { receivedBy?: number }): Promise<number | null>;
}

/**
 * Samples the daily engine takes per pass. Only its values at the end are read, and it evaluates every KPI its
 * samples touch once per pass: at many signals a database page holds about one sample per signal, so a pass per page
 * evaluated every KPI again for each one (the batch is about 20 MB of samples).
 */
export const DAILY_FEED_BATCH = 100_000;

/**
 * Pages of stored samples into the engine, `batchSize` at a time (sorted per batch, in any order across batches);
 * returns how many. Open periods are evaluated once, by the pass the caller runs after it (refreshMoving), not at
 * every batch (see KpiEngine.replay's deferOpen): at high rates an update's batches all fall in the open day.
 */
export async function feedPages(
  engine: KpiEngine,
  pages: AsyncIterable<SignalSample[]>,
  batchSize = DAILY_FEED_BATCH,
): Promise<number> {
  let read = 0;
  let batch: SignalSample[] = [];
  for await (const page of pages) {
    for (const sample of page) batch.push(sample);
    read += page.length;
    if (batch.length >= batchSize) {
      engine.replay(batch, batch.length, true);
      batch = [];
    }
  }
  if (batch.length > 0) engine.replay(batch, batch.length, true);
  return read;
}

/**
 * A new daily engine with the previous update's state: its checkpoint (every sample received by `position`), then
 * the stored samples it covers from the restored horizon on, into the buckets. Null, so the caller recomputes from
 * the samples instead, when the checkpoint does not fit the engine or a sample received since is older than what
 * the restored state can take (before its late bound).
 */
export async function restoreDailyEngine(
  engine: KpiEngine,
  checkpoint: Buffer,
  position: number,
  samples: DailySampleSource,
  now: number,
): Promise<{ engine: KpiEngine; horizon: ReplayHorizon; samplesRead: number } | null> {
  let horizon: ReplayHorizon;
  try {
    horizon = engine.restore({ data: checkpointData(checkpoint) });
  } catch {
    return null;
  }
  const late = await samples.oldestReceivedAfter(position, { receivedBy: now });
  if (late !== null && late < horizon.lateBound) return null;
  // each signal from its own horizon (most from the cut), never a signal no KPI reads
  const samplesRead = await readFromHorizons(samples, horizon.signals, position, (page) => engine.replay(page));
  engine.finishRestore();
  return { engine, horizon, samplesRead };
}
