import { encodeSample, INVALID_LOG_ENTRY, type LoggedSample, type RejectedEntry } from '@bsc/cluster';
import { CONFLICTING_DUPLICATE, sortRepeats, writeAroundRefused } from '@bsc/common';
import { classifyWriteError, deadLetterOriginKey } from '@bsc/persistence';
import { refusedSampleRecord, toDeadLetterRecord } from '../pipeline/dead-letter-record';
import { conflictRecord } from '../pipeline/repeat-check';
import type { DeadLetterRecord, SampleStore } from '../pipeline/pipeline-stores.port';

const ORIGIN_KIND = 'sample-log';

/** What a worker's batch stored. */
export interface StoredBatch {
  /** The samples that were new (stored now, not before). */
  fresh: readonly LoggedSample[];
  /** How many samples were not refused: the batch is a re-delivery when fewer were fresh. */
  storable: number;
  /** The samples of the batch set aside: refused by the database for good, or conflicting with a stored one. */
  refused: ReadonlySet<LoggedSample>;
  /**
   * Those samples as `write_refused` and `conflicting_duplicate` dead letters, for the caller to keep once its batch
   * is done.
   */
  letters: DeadLetterRecord[];
}

/**
 * Stores a worker's batch idempotently. A sample the database refuses for good (found by halving the batch) is set
 * aside as a dead letter, as in the single-process pipeline, and the others are stored: one such sample in the log
 * never holds its partition up. A sample the insert did not take is compared with the stored one (one read, only
 * when some were not new): an exact repeat is a re-delivery, another reading a `conflicting_duplicate` dead letter,
 * as in the single-process pipeline. A failure that a retry may cure (the database away) propagates.
 */
export async function storeWorkerBatch(samples: SampleStore, batch: readonly LoggedSample[]): Promise<StoredBatch> {
  // the intake's receipt time is the sample's received_at, as if the intake had stored it
  const rows = batch.map((s) => ({ ...s, knownAt: s.knownAt ?? s.receivedAt }));
  const { written, refused } = await writeAroundRefused(
    rows,
    (part) => samples.insertNew(part),
    (error) => classifyWriteError(error) === 'permanent',
  );
  const refusedRows = new Set(refused.map((r) => r.item));
  const kept = new Set(written);
  const { conflicts } = await sortRepeats(
    rows.filter((r) => !kept.has(r) && !refusedRows.has(r)),
    samples.readStored ? (keys) => samples.readStored!(keys) : undefined,
  );
  for (const { refused: row } of conflicts) refusedRows.add(row);
  return {
    fresh: written,
    storable: batch.length - refusedRows.size,
    refused: new Set(batch.filter((_, i) => refusedRows.has(rows[i]))),
    // keyed by the sample as logged: a batch delivered again after its letters were kept adds none
    letters: [
      ...refused.map(({ item, error }) => ({
        ...refusedSampleRecord(item, error),
        originKey: deadLetterOriginKey(ORIGIN_KIND, [encodeSample(item)]),
      })),
      ...conflicts.map((conflict) => ({
        ...conflictRecord(conflict),
        originKey: deadLetterOriginKey(ORIGIN_KIND, [CONFLICTING_DUPLICATE, encodeSample(conflict.refused)]),
      })),
    ],
  };
}

/**
 * Log entries that are no samples, as `invalid_log_entry` dead letters with their raw bytes, keyed by their place in
 * the log: an entry delivered again after its letter was kept adds none.
 */
export function rejectedEntryRecords(entries: readonly RejectedEntry[]): DeadLetterRecord[] {
  return entries.map((entry) => ({
    ...toDeadLetterRecord({
      source: ORIGIN_KIND,
      channel: entry.subject,
      reason: INVALID_LOG_ENTRY,
      detail: entry.detail,
      raw: Buffer.from(entry.raw),
    }),
    originKey: deadLetterOriginKey(ORIGIN_KIND, [entry.subject, entry.seq, entry.raw]),
  }));
}
