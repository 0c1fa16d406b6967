import type { RecentKeys } from '@bsc/common';
import { validateSample, type SignalCatalog, type ValidationLimits } from '@bsc/twin';
import type { StoredSample } from '../kpi/kpi-feed.port';
import { toDeadLetterRecord } from './dead-letter-record';
import type { DeadbandFilter } from './deadband-filter';
import type { DeadLetterRecord } from './pipeline-stores.port';
import type { Indexed } from './repeat-check';
import { safeJson } from './safe-json';
import type { ItemError, RawSampleInput } from './sample-intake.port';

/** A submitted batch, item by item: to write, repeats to check, within the deadband, or refused with a letter. */
export interface Triage {
  accepted: StoredSample[];
  /** The batch index of each accepted sample. */
  acceptedIndex: number[];
  /** Samples of a (signal, ts) seen before: exact repeats or conflicts, told apart once their originals are stored. */
  repeats: Array<Indexed<StoredSample>>;
  letters: DeadLetterRecord[];
  errors: ItemError[];
  filtered: number;
}

/**
 * Validate → convert → de-duplicate → deadband. `refused` is called with each refusal's reason. A sample the deadband
 * drops leaves no key behind: another value at its time is no repeat (it passes the deadband or not on its own).
 */
export function triageBatch(
  batch: readonly RawSampleInput[],
  now: number,
  catalog: SignalCatalog,
  limits: ValidationLimits,
  seen: { recent: RecentKeys; deadband: DeadbandFilter },
  refused: (reason: string) => void,
): Triage {
  const triage: Triage = { accepted: [], acceptedIndex: [], repeats: [], letters: [], errors: [], filtered: 0 };
  for (let index = 0; index < batch.length; index++) {
    const raw = batch[index];
    const outcome = validateSample(raw, catalog, now, limits);
    if (!outcome.ok) {
      triage.errors.push({ index, reason: outcome.reason, detail: outcome.detail });
      refused(outcome.reason);
      triage.letters.push(
        toDeadLetterRecord({
          source: raw.source,
          channel: raw.signalId,
          reason: outcome.reason,
          detail: outcome.detail,
          raw: safeJson(raw),
          signalId: raw.signalId,
          receivedAt: now,
        }),
      );
      continue;
    }
    const sample = outcome.sample;
    if (!seen.recent.add(sample.signalId, sample.ts)) {
      triage.repeats.push({ index, sample: { ...sample, receivedAt: now } });
      continue;
    }
    if (!seen.deadband.pass(sample, catalog.get(sample.signalId)!)) {
      // never stored: a later sample of this (signal, ts) repeats nothing stored, so it is judged as new
      seen.recent.forget(sample.signalId, sample.ts);
      triage.filtered += 1;
      continue;
    }
    const stored: StoredSample = { ...sample, receivedAt: now };
    if (raw.knownAt !== undefined) stored.knownAt = raw.knownAt;
    triage.accepted.push(stored);
    triage.acceptedIndex.push(index);
  }
  return triage;
}
