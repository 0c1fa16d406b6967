import type { SignalSample } from '@bsc/common';

/** A stored sample with the time the platform received it (for the ingest lag). */
export interface StoredSample extends SignalSample {
  receivedAt: number;
  /** Stored as received_at instead of the receipt (simulated history, see RawSampleInput.knownAt). */
  knownAt?: number;
}

/** Where the pipeline hands samples once they are durably stored: the KPI engine. */
export interface KpiFeed {
  /**
   * `storedAt`: the received_at the rows were written with (the pipeline's write time), where a sample has no
   * `knownAt`; without it, each sample's `receivedAt`. Checkpoint positions are in stored receipt times.
   */
  samplesStored(samples: readonly StoredSample[], storedAt?: number): void;
  /** Writes what it still holds (KPI revisions); called by the pipeline after its last sample write. */
  close(): Promise<void>;
}
