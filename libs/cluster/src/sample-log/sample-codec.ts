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

export function decodeSample(text: string): LoggedSample {
  const [signalId, ts, value, quality, source, receivedAt, sampleText, statusCode, knownAt] = JSON.parse(text) as Wire;
  const sample: LoggedSample = { signalId, ts, value: value ?? NaN, quality, source, receivedAt };
  if (sampleText != null) sample.text = sampleText;
  if (statusCode != null) sample.statusCode = statusCode;
  if (knownAt !== undefined) sample.knownAt = knownAt;
  return sample;
}

/** The de-duplication id: a sample is identified by its signal and timestamp, as in the samples table. */
export function sampleMessageId(s: SignalSample): string {
  return `${s.signalId}@${s.ts}`;
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
  const [signalId, fromTs, version] = JSON.parse(text) as [string, number, number];
  return { partition, signalId, fromTs, version };
}
