import type { SignalSample } from '@bsc/common';
import type { SampleReplayOptions } from './sample-replay.query';

/** Signal ids per read: well below SQLite's smallest host-parameter limit (999) with the other bounds beside. */
export const HORIZON_IDS_PER_READ = 500;

/** Stored samples, as SampleRepository reads them. */
export interface HorizonSampleSource {
  replay(options?: SampleReplayOptions): AsyncIterable<SignalSample[]>;
  carriedIn(signalIds: readonly string[], before: number, receivedBy?: number): Promise<SignalSample[]>;
}

/**
 * The stored samples a restore from a checkpoint reads (see @bsc/kpi ReplayHorizon): per signal its newest and
 * newest usable sample before its own horizon, then its samples from that horizon on, all received by `receivedBy`.
 * Signals sharing a horizon are read together; a signal is never read from an earlier signal's horizon, nor at all
 * when it is not in `horizons`. Each signal's samples arrive in time order (its carried-in ones first); across
 * signals pages come in any order, which a restore takes because it only fills buckets. Returns how many were read.
 */
export async function readFromHorizons(
  source: HorizonSampleSource,
  horizons: ReadonlyMap<string, number>,
  receivedBy: number,
  onPage: (page: SignalSample[]) => void,
): Promise<number> {
  const byFrom = new Map<number, string[]>();
  for (const [id, from] of horizons) {
    const ids = byFrom.get(from);
    if (ids) ids.push(id);
    else byFrom.set(from, [id]);
  }
  let read = 0;
  for (const [from, ids] of byFrom) {
    for (let i = 0; i < ids.length; i += HORIZON_IDS_PER_READ) {
      const signalIds = ids.slice(i, i + HORIZON_IDS_PER_READ);
      const carried = await source.carriedIn(signalIds, from, receivedBy);
      onPage(carried);
      read += carried.length;
      for await (const page of source.replay({ receivedBy, from, signalIds, bySignal: true })) {
        onPage(page);
        read += page.length;
      }
    }
  }
  return read;
}
