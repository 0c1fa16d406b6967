import type { KpiValue } from '@bsc/common';
import type { ReplayHorizon } from '@bsc/kpi';
import type { SampleReplayOptions } from '@bsc/persistence';
import { restoreFromCheckpoint, type CheckpointMiss, type KpiCheckpointStore } from './kpi-checkpoints';
import type { KpiEnginePort, SampleHistory } from './kpi-engine.port';
import { replayStoredSamples } from './kpi-replay';

export interface KpiStartDeps {
  history: SampleHistory;
  checkpoints?: KpiCheckpointStore;
  /** Each page once it is in the engine (the pipeline remembers the stored keys). */
  onPage: (page: readonly { signalId: string; ts: number }[]) => void;
  /** KPI_REPLAY_HISTORY, or `none` (KPI_REPLAY_ON_START off: an empty engine). `full`: no checkpoint, no bound. */
  replay: 'bounded' | 'full' | 'none';
  modelVersion: number;
  /** Samples received later are the live path's (and the import poll's). */
  cutoff: number;
  /** When the newest revision was written: samples received later never reached a published value. */
  published: number | null;
}

export interface KpiStart {
  engine: KpiEnginePort;
  /** What the engine's state was built from (undefined: everything). */
  horizon: ReplayHorizon | undefined;
  /** Values to publish at once: periods whose revisions the stop may have left unwritten. */
  publish: KpiValue[];
  /** Stored samples the state does not hold yet: the live path takes them (and publishes what they change). */
  after: SampleReplayOptions | null;
  /**
   * Whether `after` holds only samples received after a position (the checkpoint's, or the newest revision's) and
   * so stored while the feed was stopped, never announced; false when it is all history (no position known).
   */
  afterUnannounced: boolean;
  /** The position of the checkpoint the state came from (-Infinity: none). */
  checkpointedTo: number;
  /** Whether the state holds the stored history (a replay or a complete checkpoint); false for an empty start. */
  complete: boolean;
  /**
   * received_at up to which imported samples are in the state; without a replay (`none`), the position of the stop
   * (checkpoint's or newest revision's, null: none) after which imports have not reached the KPIs yet.
   */
  importWatermark: number | null;
  /** Why a stored checkpoint was not used. */
  miss?: CheckpointMiss;
  /** For the start-up log line. */
  figures: { samples: number } & Record<string, unknown>;
}

const EMPTY = { horizon: undefined, publish: [], checkpointedTo: -Infinity, figures: { samples: 0 } };

/**
 * Builds the KPI state at start: from the model version's checkpoint when there is a usable one, else by the
 * bounded replay of the history the open periods need.
 */
export async function startKpiEngine(create: () => KpiEnginePort, deps: KpiStartDeps): Promise<KpiStart> {
  const { history, cutoff, published } = deps;
  if (deps.replay === 'none') {
    // no history in the state, but imports stored while stopped still go in: the import poll's, from the position
    const stored = deps.checkpoints ? await deps.checkpoints.find(deps.modelVersion) : null;
    const position = Math.max(stored?.receivedBy ?? -Infinity, published ?? -Infinity);
    const importWatermark = position === -Infinity ? null : position;
    return { ...EMPTY, engine: create(), after: null, afterUnannounced: false, importWatermark, complete: false };
  }
  let miss: CheckpointMiss | undefined;
  if (deps.checkpoints && deps.replay !== 'full') {
    const looked = Date.now();
    const stored = await deps.checkpoints.find(deps.modelVersion);
    const findMs = Date.now() - looked;
    const created = Date.now();
    const empty = create();
    const createMs = Date.now() - created;
    const restored = await restoreFromCheckpoint(empty, history, stored, { cutoff, onPage: deps.onPage });
    if ('engine' in restored) {
      const { receivedBy, cut } = restored.checkpoint;
      // samples the checkpoint holds whose revisions may not have been written before the stop
      const unsure = published === null || published < receivedBy;
      const oldest = unsure ? await history.oldestReceivedAfter(published ?? -Infinity, { receivedBy }) : null;
      return {
        engine: restored.engine,
        horizon: restored.horizon,
        publish: oldest === null ? [] : restored.values.filter((v) => v.periodEnd > oldest),
        after: { receivedAfter: receivedBy, receivedBy: cutoff, from: cut },
        afterUnannounced: true,
        checkpointedTo: receivedBy,
        complete: true,
        importWatermark: cutoff,
        figures: {
          checkpoint: true,
          samples: restored.samples,
          from: new Date(restored.horizon.from).toISOString(),
          ...{ findMs, createMs, ...restored.split },
        },
      };
    }
    if (restored.reason !== 'none') miss = restored;
  }
  const engine = create();
  if (published === null) {
    const after = { receivedBy: cutoff };
    return { ...EMPTY, engine, after, afterUnannounced: false, miss, importWatermark: cutoff, complete: true };
  }
  const receivedBy = Math.min(published, cutoff);
  // the oldest sample still to be published: the replay reaches back to it, the live path reads from it
  const late = await history.oldestReceivedAfter(receivedBy, { receivedBy: cutoff });
  const replayed = await replayStoredSamples(engine, history, {
    receivedBy,
    lateFrom: late ?? undefined,
    now: cutoff,
    full: deps.replay === 'full',
    onPage: deps.onPage,
  });
  return {
    engine,
    horizon: replayed.horizon,
    publish: [],
    // a range on the time index instead of a walk through all history for the receipt times
    after: late === null ? null : { receivedAfter: published, receivedBy: cutoff, from: late },
    afterUnannounced: true,
    checkpointedTo: -Infinity,
    complete: true,
    importWatermark: cutoff,
    miss,
    figures: {
      checkpoint: false,
      samples: replayed.samples,
      from: replayed.horizon ? new Date(replayed.horizon.from).toISOString() : 'all',
    },
  };
}
