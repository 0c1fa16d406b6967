import type { SignalSample } from './signal-sample.types';

/** Dead-letter reason of a sample that repeats a stored (signal, ts) with another reading. */
export const CONFLICTING_DUPLICATE = 'conflicting_duplicate';

/** A sample that repeats a stored (signal, ts) with another reading: the stored one stays, this one is refused. */
export interface Conflict<T extends SignalSample = SignalSample & { receivedAt?: number }> {
  stored: SignalSample;
  refused: T;
}

/** Reads the stored samples of (signal, ts) keys; keys not stored give none. */
export type ReadStoredSamples = (keys: ReadonlyArray<{ signalId: string; ts: number }>) => Promise<SignalSample[]>;

/**
 * Sorts repeats of a (signal, ts) whose first sample is stored, in one read: an exact repeat (a re-delivery) is a
 * duplicate, one with another reading a conflict. A repeat whose key is not stored (its first was refused,
 * or is not in the database yet), or any repeat when nothing can be read back, has nothing to conflict with and
 * counts as exact; those read back and not found are also listed as `unstored`, for a caller whose store is not
 * the database yet (the sample log) to pass them on. `conflicts` and `unstored` hold the repeats as given, so a caller
 * finds their places by identity.
 */
export async function sortRepeats<T extends SignalSample>(
  repeats: readonly T[],
  readStored: ReadStoredSamples | undefined,
): Promise<{ exact: number; conflicts: Array<Conflict<T>>; unstored: T[] }> {
  if (repeats.length === 0 || !readStored) return { exact: repeats.length, conflicts: [], unstored: [] };
  const rows = await readStored(repeats.map(({ signalId, ts }) => ({ signalId, ts })));
  const stored = new Map(rows.map((s) => [keyOf(s), s]));
  const conflicts: Array<Conflict<T>> = [];
  const unstored: T[] = [];
  for (const refused of repeats) {
    const first = stored.get(keyOf(refused));
    if (first === undefined) unstored.push(refused);
    else if (!sameReading(first, refused)) conflicts.push({ stored: first, refused });
  }
  return { exact: repeats.length - conflicts.length, conflicts, unstored };
}

/**
 * For a store that is not the database yet (the sample log): what is stored of `samples` is read back first, in one
 * read, and only the rest is written, so a stored reading is written again neither exactly (a duplicate) nor with
 * another reading (a conflict, for the caller to refuse). `fresh`: what `write` took as new; `exact`: the samples that
 * are no conflict, `fresh` among them. Without `readStored` every sample is written.
 */
export async function writeUnstored<T extends SignalSample>(
  samples: readonly T[],
  readStored: ReadStoredSamples | undefined,
  write: (unstored: readonly T[]) => Promise<readonly T[]>,
): Promise<{ fresh: readonly T[]; exact: number; conflicts: Array<Conflict<T>> }> {
  if (!readStored) return { fresh: await write(samples), exact: samples.length, conflicts: [] };
  const { exact, conflicts, unstored } = await sortRepeats(samples, readStored);
  const fresh = unstored.length > 0 ? await write(unstored) : [];
  return { fresh, exact, conflicts };
}

/** Value (NaN, "no value", equals itself), text, quality and status code. */
export function sameReading(a: SignalSample, b: SignalSample): boolean {
  return (
    (a.value === b.value || (Number.isNaN(a.value) && Number.isNaN(b.value))) &&
    a.quality === b.quality &&
    (a.text ?? null) === (b.text ?? null) &&
    (a.statusCode ?? null) === (b.statusCode ?? null)
  );
}

export function conflictDetail({ stored, refused }: Conflict<SignalSample>): string {
  return `${refused.signalId} at ${new Date(refused.ts).toISOString()} is stored as ${reading(stored)}; refused ${reading(refused)}`;
}

function reading(s: SignalSample): string {
  const value = s.text !== undefined ? JSON.stringify(s.text) : Number.isNaN(s.value) ? 'no value' : String(s.value);
  const status = s.statusCode === undefined ? '' : `, status 0x${s.statusCode.toString(16)}`;
  return `${value} (${s.quality}${status})`;
}

/** Signal and time, NUL-joined (a signal id holds no NUL). */
const keyOf = (s: { signalId: string; ts: number }): string => `${s.signalId}\u0000${s.ts}`;
