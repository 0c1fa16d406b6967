import type { SignalSample } from '@bsc/common';
import { checkpointData, type KpiEngine, type ReplayHorizon } from '@bsc/kpi';
import { readFromHorizons, type HorizonSampleSource } from '@bsc/persistence';

/** Stored samples, as SampleRepository reads them. */
export interface DailySampleSource extends HorizonSampleSource {
  oldestReceivedAfter(after: number, options?: { receivedBy?: number }): Promise<number | null>;
}

/** Pages of stored samples into the engine (sorted per page, in any order across pages); returns how many. */
export async function feedPages(engine: KpiEngine, pages: AsyncIterable<SignalSample[]>): Promise<number> {
  let read = 0;
  for await (const page of pages) {
    engine.replay(page);
    read += page.length;
  }
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
