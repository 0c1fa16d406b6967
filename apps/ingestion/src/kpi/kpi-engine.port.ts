import type { KpiValue, SignalSample } from '@bsc/common';
import type { ActiveModelSnapshot } from '@bsc/app-kit';
import type { KpiCheckpoint, KpiEngineStats, ReplayHorizon } from '@bsc/kpi';
import type { SampleReplayOptions } from '@bsc/persistence';

/** The part of @bsc/kpi's streaming KpiEngine the ingestion app drives. */
export interface KpiEnginePort {
  /** Live samples in; the KPI values they changed out. */
  ingest(samples: readonly SignalSample[]): KpiValue[];
  /** History in at start (state; the values it evaluated, newest per KPI period, are published only on request). */
  replay(samples: readonly SignalSample[]): KpiValue[];
  /** The history a replay needs for exact open periods (see @bsc/kpi ReplayHorizon). */
  replayHorizon(newest: number, lateFrom?: number): ReplayHorizon;
  /** Before a bounded replay: periods before each KPI's floor are not evaluated. */
  limitTo(horizon: ReplayHorizon): void;
  /**
   * Compact state of the instant of the call with the sample time it is cut at (null before any sample), written in
   * slices while samples go on arriving; see @bsc/kpi KpiEngine.checkpointInSlices.
   */
  checkpointInSlices(): Promise<KpiCheckpoint | null>;
  /** Into a new engine: the checkpoint's state; replay() then fills the buckets from the returned horizon on. */
  restore(checkpoint: Pick<KpiCheckpoint, 'data'>): ReplayHorizon;
  /** Ends a restore: evaluates the periods from the floors on and returns their values. */
  finishRestore(): KpiValue[];
  /**
   * Event time moved to `ts` by samples this engine does not take, the first of them at `first` (see @bsc/kpi
   * KpiEngine.advanceTo).
   */
  advanceTo(ts: number, first?: number): KpiValue[];
  /** Ids of the signals some KPI reads (the others' samples are ignored). */
  signalIds(): string[];
  /** Clock tick: staleness of inputs that stopped updating; returns values whose quality changed. */
  tick(now: number): KpiValue[];
  /** Counts since this engine was built (samples accepted, beyond its fine horizon, windows it could not re-read). */
  stats(): KpiEngineStats;
}

/** Builds the engine for one model version. */
export type KpiEngineFactory = (snapshot: ActiveModelSnapshot) => KpiEnginePort;
export const KPI_ENGINE_FACTORY = Symbol('KPI_ENGINE_FACTORY');

/** Stored samples, oldest first, page by page (`SampleRepository`). */
export interface SampleHistory {
  replay(options?: SampleReplayOptions): AsyncIterable<SignalSample[]>;
  /** Newest received_at of a source's samples (the import watermark). */
  newestReceived(source: string): Promise<number | null>;
  /** Newest sample time of all. */
  newestTs(): Promise<number | null>;
  /** Oldest sample time among those received after `after` (and by `receivedBy`, of `source`). */
  oldestReceivedAfter(after: number, options?: { receivedBy?: number; source?: string }): Promise<number | null>;
  /** Per signal its newest and newest usable sample before `before`, received by `receivedBy`. */
  carriedIn(signalIds: readonly string[], before: number, receivedBy?: number): Promise<SignalSample[]>;
}
export const SAMPLE_HISTORY = Symbol('SAMPLE_HISTORY');

/** KPI value revisions (`KpiValueRepository.appendRevisions`). */
/** Fencing token of a write: refused when a holder with a higher token already wrote under the same name. */
export interface WriteFence {
  name: string;
  token: number;
}

export interface KpiRevisionStore {
  appendRevisions(
    values: readonly KpiValue[],
    modelVersion: number,
    recordedAt?: number,
    options?: { fence?: WriteFence },
  ): Promise<number>;
  /** When the newest revision was recorded: samples received later never reached a published KPI value. */
  newestRecordedAt(): Promise<number | null>;
}
export const KPI_REVISION_STORE = Symbol('KPI_REVISION_STORE');
