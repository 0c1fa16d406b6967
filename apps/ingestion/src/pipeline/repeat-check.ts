import {
  conflictDetail,
  CONFLICTING_DUPLICATE,
  sortRepeats,
  writeUnstored,
  type Conflict,
  type ReadStoredSamples,
  type SignalSample,
} from '@bsc/common';
import { toDeadLetterRecord } from './dead-letter-record';
import type { DeadLetterRecord, SampleStore } from './pipeline-stores.port';
import { safeJson } from './safe-json';

/** An item of a submitted batch and its sample. */
export interface Indexed<T> {
  index: number;
  sample: T;
}

/**
 * Tells an exact repeat of a stored (signal, ts) (a re-delivery: a duplicate) from one with another value or quality
 * (a conflict: dead-lettered). It reads only repeats, in one read per batch: a batch the database took whole costs
 * nothing more.
 */
export class RepeatCheck {
  /** Samples a write found stored with another reading → the stored one; taken by the submit they came with. */
  private readonly refusedByWrite = new Map<SignalSample, SignalSample>();

  constructor(private readonly store: SampleStore) {}

  /** True while samples a write refused wait for their submit. */
  get refusing(): boolean {
    return this.refusedByWrite.size > 0;
  }

  /**
   * Writes a batch of samples new to this process with `insert`; resolves with what the store took as new and, for
   * the sample log, how many repeat a stored or logged reading exactly (the database's are read by `afterWrite`).
   *
   * The log judges a sample by its id (signal, time and reading) and only within its duplicate window, so a sample
   * a worker stored (through another intake, an import, or before this one restarted: not in this process's recent
   * keys, whose "new" says nothing about other processes) would be appended again, and another reading of it accepted
   * here and dead-lettered by the worker. Reading back every batch would cost a database round trip per write on a
   * store meant to keep the database off the intake, so only a batch holding a sample stamped before the window is
   * read, in one read (writeUnstored, as `bsc import samples` does): a sample is appended about when it is stamped,
   * so a repeat of one stamped within the window has its first within it too, and the log drops it if exact. A live
   * stream stamped as it goes costs no read; a backfill or a device sending its buffer again after an outage does.
   * Left to the worker, as before: another reading of a sample stamped within the window (it dead-letters it), and a
   * sample stamped ahead of the clock (INGEST_MAX_FUTURE_S) sent again past the window (it finds it stored).
   */
  async write<T extends SignalSample>(
    batch: readonly T[],
    now: number,
    insert: (samples: readonly T[]) => Promise<readonly T[]>,
  ): Promise<{ fresh: readonly T[]; exact?: number }> {
    const store = this.store;
    if (!store.passesOnUnstored) return { fresh: await insert(batch) };
    if (store.duplicateWindowMs === undefined || !stampedBefore(batch, now - store.duplicateWindowMs)) {
      const fresh = await insert(batch);
      // the log left out only what repeats a reading it took
      return { fresh, exact: batch.length - fresh.length };
    }
    const read: ReadStoredSamples | undefined = store.readStored ? (keys) => store.readStored!(keys) : undefined;
    const { fresh, exact, conflicts } = await writeUnstored(batch, read, insert);
    for (const { stored, refused } of conflicts) this.refusedByWrite.set(refused, stored);
    return { fresh, exact: exact - fresh.length };
  }

  /** After a write: compares the samples it did not store with what is stored; resolves with the exact repeats. */
  async afterWrite(batch: readonly SignalSample[], fresh: readonly SignalSample[]): Promise<number> {
    if (fresh.length === batch.length) return 0;
    const kept = new Set(fresh);
    const { exact, conflicts } = await this.sort(batch.filter((s) => !kept.has(s)));
    for (const { stored, refused } of conflicts) this.refusedByWrite.set(refused, stored);
    return exact;
  }

  /**
   * A submit's conflicts, once its samples and the originals of its repeats are stored: its accepted samples a
   * write refused, and its repeats (keys seen before) whose stored reading differs. `duplicates`: the exact repeats.
   * `passedOn`: repeats not stored yet that the store took (`passesOnUnstored`), for its reader to judge.
   */
  async ofSubmit(
    accepted: readonly SignalSample[],
    acceptedIndex: readonly number[],
    repeats: ReadonlyArray<Indexed<SignalSample>>,
  ): Promise<{ duplicates: number; conflicts: Array<Indexed<Conflict>>; refusedByWrite: number; passedOn: number }> {
    const conflicts: Array<Indexed<Conflict>> = [];
    if (this.refusedByWrite.size > 0)
      accepted.forEach((refused, i) => {
        const stored = this.refusedByWrite.get(refused);
        if (stored === undefined) return;
        this.refusedByWrite.delete(refused);
        conflicts.push({ index: acceptedIndex[i], sample: { stored, refused } });
      });
    const refusedByWrite = conflicts.length;
    if (repeats.length === 0) return { duplicates: 0, conflicts, refusedByWrite, passedOn: 0 };
    const sorted = await this.sort(repeats.map((r) => r.sample));
    const indexOf = new Map(repeats.map((r) => [r.sample, r.index]));
    for (const c of sorted.conflicts) conflicts.push({ index: indexOf.get(c.refused)!, sample: c });
    const passedOn =
      this.store.passesOnUnstored && sorted.unstored.length > 0
        ? (await this.store.insertNew(sorted.unstored)).length
        : 0;
    return { duplicates: sorted.exact - passedOn, conflicts, refusedByWrite, passedOn };
  }

  /** One read of the repeats' stored samples (sortRepeats). */
  private sort(
    repeats: readonly SignalSample[],
  ): Promise<{ exact: number; conflicts: Conflict[]; unstored: SignalSample[] }> {
    const store = this.store;
    return sortRepeats(repeats, store.readStored ? (keys) => store.readStored!(keys) : undefined);
  }
}

function stampedBefore(batch: readonly SignalSample[], since: number): boolean {
  for (const s of batch) if (s.ts < since) return true;
  return false;
}

/** The refused sample, kept whole in the payload. */
export function conflictRecord(conflict: Conflict): DeadLetterRecord {
  const { refused } = conflict;
  return toDeadLetterRecord({
    source: refused.source,
    channel: refused.signalId,
    reason: CONFLICTING_DUPLICATE,
    detail: conflictDetail(conflict),
    raw: safeJson(refused),
    signalId: refused.signalId,
    receivedAt: refused.receivedAt,
  });
}
