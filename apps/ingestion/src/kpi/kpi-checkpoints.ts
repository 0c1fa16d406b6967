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
  /** Where the restore's time went (ms), for the start-up log line. */
  split: { decodeMs: number; lateMs: number; readMs: number; evaluateMs: number };
}

/** Why a stored checkpoint was not used (the caller replays as without one). */
export type CheckpointMiss = { reason: 'none' } | { reason: 'unreadable' | 'late' | 'incomplete'; detail: string };

/**
 * Leads the state of a checkpoint whose engine lacks stored history (it started empty, KPI_REPLAY_ON_START off): its
 * position still serves an import pick-up, its state never a restore. In the payload, so no column is needed (a gzip
 * stream starts 1f 8b, never with the mark). A state without it counts as complete: those written before the mark
 * existed came from replay-on runs (replayed or restored), except one a replay-off run of that earlier behaviour left,
 * which cannot be told apart and is restored as it was.
 */
const INCOMPLETE_MARK = Buffer.from('bsc-kpi-incomplete\n');

/** The state to store: as encoded when its engine holds the complete history, else behind the mark. */
export function markedState(state: Buffer, complete: boolean): Buffer {
  return complete ? state : Buffer.concat([INCOMPLETE_MARK, state]);
}

/** Whether a stored checkpoint's engine held the complete history (see INCOMPLETE_MARK). */
export function isComplete(stored: Pick<StoredKpiCheckpoint, 'state'>): boolean {
  return !stored.state.subarray(0, INCOMPLETE_MARK.length).equals(INCOMPLETE_MARK);
}

/**
 * Restores a new engine from the model version's checkpoint: its summaries, then the stored samples it covers, each
 * signal's from its own horizon on (received by its position), into the buckets only. Samples received after the position are the
 * caller's to ingest live; when one of them is older than the restored horizon's late bound, the checkpoint cannot
 * give exact values and is not used. Neither is one whose engine lacked the history before its start (incomplete).
 */
export async function restoreFromCheckpoint(
  engine: KpiEnginePort,
  history: SampleHistory,
  stored: StoredKpiCheckpoint | null,
  options: { cutoff: number; onPage?(page: readonly { signalId: string; ts: number }[]): void },
): Promise<RestoredEngine | CheckpointMiss> {
  if (!stored) return { reason: 'none' };
  if (!isComplete(stored)) {
    return { reason: 'incomplete', detail: 'written by a run that started without replaying the stored history' };
  }
  let horizon: ReplayHorizon;
  const started = Date.now();
  try {
    if (stored.format !== CHECKPOINT_FORMAT) throw new RangeError(`format ${stored.format}`);
    horizon = engine.restore({ data: checkpointData(stored.state) });
  } catch (error) {
    return { reason: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
  }
  const decoded = Date.now();
  const late = await history.oldestReceivedAfter(stored.receivedBy, { receivedBy: options.cutoff });
  if (late !== null && late < horizon.lateBound) {
    return { reason: 'late', detail: `a sample of ${new Date(late).toISOString()} was received after it` };
  }
  const checked = Date.now();
  // each signal from its own horizon (most from the cut), never a signal no KPI reads
  const samples = await readFromHorizons(history, horizon.signals, stored.receivedBy, (page) => {
    engine.replay(page);
    options.onPage?.(page);
  });
  const read = Date.now();
  const values = engine.finishRestore();
  const split = {
    decodeMs: decoded - started,
    lateMs: checked - decoded,
    readMs: read - checked,
    evaluateMs: Date.now() - read,
  };
  return { engine, horizon, samples, values, checkpoint: stored, split };
}
