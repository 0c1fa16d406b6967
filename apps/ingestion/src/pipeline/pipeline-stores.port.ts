import type { SignalSample } from '@bsc/common';
import type { DeadLetter, SampleKey } from '@bsc/persistence';

export type { SampleKey } from '@bsc/persistence';

/** Durable sample storage; `SampleRepository` from @bsc/persistence satisfies it. */
export interface SampleStore {
  /**
   * Idempotent on (signal, ts); resolves with the samples that were new (re-deliveries left out), so the KPI engine
   * counts each stored sample once. A sample's own `knownAt` (simulated history) is stored as its received_at
   * instead of `receivedAt`. `onSent`, when the store calls it, says the insert is on its way to the database and
   * the rest of the call is waiting for it.
   */
  insertNew<T extends SignalSample & { knownAt?: number }>(
    samples: readonly T[],
    receivedAt?: number,
    onSent?: () => void,
  ): Promise<readonly T[]>;
  /**
   * The stored samples of these keys (keys not stored are left out), in one read: the pipeline reads only the
   * repeats of a stored (signal, ts), to tell an exact repeat from a conflicting value. Without it every repeat
   * counts as a duplicate.
   */
  readStored?(keys: readonly SampleKey[]): Promise<SignalSample[]>;
  /**
   * True for a store that is not the database (the sample log): what `insertNew` leaves out repeats a reading it took
   * exactly (its id names the reading), and a repeat `readStored` does not find yet is written to it all the same,
   * for what reads the store to tell (JetStream drops an exact repeat, the worker dead-letters another reading).
   */
  readonly passesOnUnstored?: boolean;
  /**
   * The log's: how long after an append it drops an exact repeat by its id (`passesOnUnstored` stores only). A batch
   * holding a sample stamped before it is compared with what is stored before it is written (see RepeatCheck).
   */
  readonly duplicateWindowMs?: number;
  /** True when writes may run side by side (a connection pool); otherwise they are written one at a time. */
  readonly parallelWrites?: boolean;
  /** Releases what the store holds (a writer thread), after the last write. */
  close?(): Promise<void>;
}

/** A dead letter as stored, before the database gives it an id. */
export type DeadLetterRecord = Omit<DeadLetter, 'id'>;

export interface DeadLetterStore {
  insert(records: readonly DeadLetterRecord[]): Promise<void>;
}

export const SAMPLE_STORE = Symbol('SAMPLE_STORE');
export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');

/** Largest raw payload kept with a dead letter; the rest is cut (the detail says so). */
export const DEAD_LETTER_PAYLOAD_LIMIT = 64 * 1024;
