import { conflictDetail, CONFLICTING_DUPLICATE, sortRepeats, type Conflict, type SignalSample } from '@bsc/common';
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

  /** After a write: compares the samples it did not store with what is stored; resolves with the exact repeats. */
  async afterWrite(batch: readonly SignalSample[], fresh: readonly SignalSample[]): Promise<number> {
    if (fresh.length === batch.length) return 0;
    // the log left out only what repeats a reading it took
    if (this.store.passesOnUnstored) return batch.length - fresh.length;
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
