import { createHash } from 'node:crypto';
import type { SampleQuality, SignalSample } from '@bsc/common';

/** A sample as it travels through the log: what the database stores for it. */
export interface LoggedSample extends SignalSample {
  receivedAt: number;
  knownAt?: number;
}

type Wire = [string, number, number | null, SampleQuality, string, number, (string | null)?, (number | null)?, number?];

/** Compact, positional JSON: `value` NaN travels as null (JSON has no NaN). */
export function encodeSample(s: LoggedSample): string {
  const wire: Wire = [s.signalId, s.ts, Number.isFinite(s.value) ? s.value : null, s.quality, s.source, s.receivedAt];
  if (s.text !== undefined || s.statusCode !== undefined || s.knownAt !== undefined) {
    wire.push(s.text ?? null, s.statusCode ?? null);
    if (s.knownAt !== undefined) wire.push(s.knownAt);
  }
  return JSON.stringify(wire);
}

/**
 * A log entry that is none the log's writers make (something else published on its subject): it can never be
 * handled, so it is set aside as a dead letter instead of coming again forever.
 */
export class LogEntryError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'LogEntryError';
  }
}

const QUALITIES: ReadonlySet<unknown> = new Set<SampleQuality>(['good', 'uncertain', 'bad']);

/** Reads an entry written by {@link encodeSample}; anything else throws a {@link LogEntryError} saying what is wrong. */
export function decodeSample(text: string): LoggedSample {
  const wire = parseArray(text, 6, 9);
  const [signalId, ts, value, quality, source, receivedAt, sampleText, statusCode, knownAt] = wire;
  check(typeof signalId === 'string' && signalId.length > 0, 'signal id', signalId);
  check(Number.isSafeInteger(ts), 'timestamp', ts);
  check(value === null || Number.isFinite(value), 'value', value);
  check(QUALITIES.has(quality), 'quality', quality);
  check(typeof source === 'string', 'source', source);
  check(Number.isSafeInteger(receivedAt), 'receipt time', receivedAt);
  check(sampleText == null || typeof sampleText === 'string', 'text', sampleText);
  check(statusCode == null || Number.isSafeInteger(statusCode), 'status code', statusCode);
  check(knownAt === undefined || Number.isSafeInteger(knownAt), 'known-at time', knownAt);
  const sample: LoggedSample = {
    signalId: signalId as string,
    ts: ts as number,
    value: (value as number | null) ?? NaN,
    quality: quality as SampleQuality,
    source: source as string,
    receivedAt: receivedAt as number,
  };
  if (sampleText != null) sample.text = sampleText as string;
  if (statusCode != null) sample.statusCode = statusCode as number;
  if (knownAt !== undefined) sample.knownAt = knownAt as number;
  return sample;
}

function parseArray(text: string, min: number, max: number): unknown[] {
  let wire: unknown;
  try {
    wire = JSON.parse(text);
  } catch (error) {
    throw new LogEntryError(`not JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(wire) || wire.length < min || wire.length > max)
    throw new LogEntryError(`not an array of ${min === max ? min : `${min} to ${max}`} fields`);
  return wire;
}

function check(ok: boolean, field: string, value: unknown): void {
  if (!ok) throw new LogEntryError(`invalid ${field}: ${String(JSON.stringify(value))}`.slice(0, 300));
}

/**
 * The de-duplication id: the signal and timestamp (the samples table's key) and a digest of the reading (value, text,
 * quality, status code: what sameReading compares). JetStream drops an exact repeat within its duplicate window, but
 * another reading of the same key gets through to the worker, which dead-letters it as a conflicting duplicate.
 */
export function sampleMessageId(s: SignalSample): string {
  // NaN ("no value") travels as null, as in encodeSample; source and receipt time are no part of the reading
  const reading = JSON.stringify([
    Number.isFinite(s.value) ? s.value : null,
    s.quality,
    s.text ?? null,
    s.statusCode ?? null,
  ]);
  // 96 bits: a collision among the readings of one key within the window is out of reach
  return `${s.signalId}@${s.ts}#${createHash('sha256').update(reading).digest('base64url').slice(0, 16)}`;
}

/**
 * A sample a worker stored from another partition of the log, sent on to the partition its signal belongs to: its id
 * names the target, so a retried forward is dropped while the intake's own message of the sample is not.
 */
export function forwardedMessageId(s: SignalSample, partition: number): string {
  return `${sampleMessageId(s)}>${partition}`;
}

/**
 * A request to a partition's owner to rebuild its state from the database from `fromTs` on: samples of `signalId`
 * were stored by a worker that still ran a model version placing the signal elsewhere, while `version` (the one the
 * sender switched to) places it in `partition`.
 */
export interface RebuildMarker {
  partition: number;
  signalId: string;
  fromTs: number;
  version: number;
}

export function rebuildMessageId(m: RebuildMarker): string {
  return `rebuild:${m.signalId}@${m.fromTs}>${m.partition}/v${m.version}`;
}

export function encodeRebuild(m: RebuildMarker): string {
  return JSON.stringify([m.signalId, m.fromTs, m.version]);
}

export function decodeRebuild(text: string, partition: number): RebuildMarker {
  const [signalId, fromTs, version] = parseArray(text, 3, 3);
  check(typeof signalId === 'string' && signalId.length > 0, 'signal id', signalId);
  check(Number.isSafeInteger(fromTs), 'rebuild time', fromTs);
  check(Number.isSafeInteger(version), 'model version', version);
  return { partition, signalId: signalId as string, fromTs: fromTs as number, version: version as number };
}
