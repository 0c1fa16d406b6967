import type { SignalSample } from '@bsc/common';
import { checkpointData, type KpiEngine, type ReplayHorizon } from '@bsc/kpi';
import type { SampleReplayOptions } from '@bsc/persistence';

/** Signal ids per read: well below SQLite's smallest host-parameter limit (999) with the other bounds beside. */
const IDS_PER_READ = 500;

/** Stored samples, as SampleRepository reads them. */
export interface DailySampleSource {
  replay(options?: SampleReplayOptions): AsyncIterable<SignalSample[]>;
  carriedIn(signalIds: readonly string[], before: number, receivedBy?: number): Promise<SignalSample[]>;
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
  const byFrom = new Map<number, string[]>();
  for (const [id, from] of horizon.signals) {
    const ids = byFrom.get(from);
    if (ids) ids.push(id);
    else byFrom.set(from, [id]);
  }
  let samplesRead = 0;
  for (const [from, ids] of byFrom) {
    for (let i = 0; i < ids.length; i += IDS_PER_READ) {
      const signalIds = ids.slice(i, i + IDS_PER_READ);
      const carried = await samples.carriedIn(signalIds, from, position);
      engine.replay(carried);
      samplesRead += carried.length;
      samplesRead += await feedPages(engine, samples.replay({ receivedBy: position, from, signalIds }));
    }
  }
  engine.finishRestore();
  return { engine, horizon, samplesRead };
}
