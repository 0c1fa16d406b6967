import type { KpiValue } from '@bsc/common';
import { CHECKPOINT_FORMAT, checkpointData, type ReplayHorizon } from '@bsc/kpi';
import { readFromHorizons, type StoredKpiCheckpoint } from '@bsc/persistence';
import type { KpiEnginePort, SampleHistory } from './kpi-engine.port';

/** Where engine checkpoints are kept (`KpiCheckpointRepository`): one per model version. */
export interface KpiCheckpointStore {
  save(checkpoint: StoredKpiCheckpoint): Promise<void>;
  find(modelVersion: number): Promise<StoredKpiCheckpoint | null>;
  clear(): Promise<void>;
}
export const KPI_CHECKPOINT_STORE = Symbol('KPI_CHECKPOINT_STORE');

export interface RestoredEngine {
  engine: KpiEnginePort;
  horizon: ReplayHorizon;
  /** Stored samples read into the buckets. */
  samples: number;
  /** The newest value of every (KPI, period) from the floors on. */
  values: KpiValue[];
  checkpoint: StoredKpiCheckpoint;
}

/** Why a stored checkpoint was not used (the caller replays as without one). */
export type CheckpointMiss = { reason: 'none' } | { reason: 'unreadable' | 'late'; detail: string };

/**
 * Restores a new engine from the model version's checkpoint: its summaries, then the stored samples it covers, each
 * signal's from its own horizon on (received by its position), into the buckets only. Samples received after the position are the
 * caller's to ingest live; when one of them is older than the restored horizon's late bound, the checkpoint cannot
 * give exact values and is not used.
 */
export async function restoreFromCheckpoint(
  engine: KpiEnginePort,
  history: SampleHistory,
  stored: StoredKpiCheckpoint | null,
  options: { cutoff: number; onPage?(page: readonly { signalId: string; ts: number }[]): void },
): Promise<RestoredEngine | CheckpointMiss> {
  if (!stored) return { reason: 'none' };
  let horizon: ReplayHorizon;
  try {
    if (stored.format !== CHECKPOINT_FORMAT) throw new RangeError(`format ${stored.format}`);
    horizon = engine.restore({ data: checkpointData(stored.state) });
  } catch (error) {
    return { reason: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
  }
  const late = await history.oldestReceivedAfter(stored.receivedBy, { receivedBy: options.cutoff });
  if (late !== null && late < horizon.lateBound) {
    return { reason: 'late', detail: `a sample of ${new Date(late).toISOString()} was received after it` };
  }
  // each signal from its own horizon (most from the cut), never a signal no KPI reads
  const samples = await readFromHorizons(history, horizon.signals, stored.receivedBy, (page) => {
    engine.replay(page);
    options.onPage?.(page);
  });
  return { engine, horizon, samples, values: engine.finishRestore(), checkpoint: stored };
}
