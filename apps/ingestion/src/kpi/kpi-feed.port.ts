import type { SignalSample } from '@bsc/common';

/** A stored sample with the time the platform received it (for the ingest lag). */
export interface StoredSample extends SignalSample {
  receivedAt: number;
  /** Stored as received_at instead of the receipt (simulated history, see RawSampleInput.knownAt). */
  knownAt?: number;
}

/** Where the pipeline hands samples once they are durably stored: the KPI engine. */
export interface KpiFeed {
  samplesStored(samples: readonly StoredSample[]): void;
  /** Signals whose source died (Sparkplug death): their inputs are stale and `bad`. */
  signalsLost(signalIds: readonly string[], at: number): void;
  /** Writes what it still holds (KPI revisions); called by the pipeline after its last sample write. */
  close(): Promise<void>;
}
