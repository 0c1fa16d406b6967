import type { LoggedSample, RebuildMarker } from '../sample-log/sample-codec';

/** What other workers sent to a partition (`SampleRelay`), beside the intakes' samples. */
export interface RelayedEntries {
  /** Samples stored already, by the worker of the partition they were logged to. */
  forwarded: LoggedSample[];
  rebuilds: RebuildMarker[];
}

/** An entry of a partition's log that is none its writers make (garbage published on its subject). */
export interface RejectedEntry {
  subject: string;
  /** Its position in the stream. */
  seq: number;
  raw: Uint8Array;
  /** What is wrong with it, and where it lies. */
  detail: string;
}

/** The dead-letter reason of a rejected entry. */
export const INVALID_LOG_ENTRY = 'invalid_log_entry';

/** What a KPI worker does with the partitions it owns. */
export interface PartitionHandler {
  /** Ownership begins: rebuild the partition's state from what is stored, before its first batch. */
  start?(partition: number): Promise<void>;
  /**
   * A batch in log order. Resolve once its effects are durable: only then is it acknowledged. A batch may come again
   * (its owner died before the acknowledgement), so the effects must be idempotent. `relayed`: what other workers
   * sent to the partition in the same batch.
   */
  handle(partition: number, samples: LoggedSample[], relayed?: RelayedEntries): Promise<void>;
  /** Ownership ended (lost, shed or released); no batch of this partition is handled any more. */
  stop?(partition: number): Promise<void>;
  /**
   * Entries of a batch that can never be handled: resolve once they are kept (dead letters); then they are
   * acknowledged with the batch and never come again. Without it they are reported through `onError` and dropped,
   * so one of them never holds the partition up.
   */
  reject?(partition: number, entries: RejectedEntry[]): Promise<void>;
}
