import { parseTimestamp, type SampleQuality } from '@bsc/common';
import { safeJson } from '../../pipeline/safe-json';
import type { RawSampleInput } from '../../pipeline/sample-intake.port';

export const HTTP_SOURCE = 'http';

export interface IntakeItemError {
  index: number;
  reason: string;
  detail: string;
}

export type IntakeParse =
  | { ok: true; samples: RawSampleInput[]; indices: number[]; errors: IntakeItemError[] }
  | { ok: false; message: string };

/**
 * Reads `{ samples: [{ signal, ts, value, quality? }] }`. A body of the wrong shape is refused as a whole (400);
 * an item of the wrong shape is refused alone (reported with its index), the others go on to the pipeline. A sample
 * is kept once per signal and time: an item with the signal and time of an earlier one but another value is refused
 * (an exact repeat goes on, and the pipeline counts it a duplicate).
 */
export function parseIntakeBody(body: unknown, maxSamples: number, receivedAt: number): IntakeParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: 'body must be a JSON object { "samples": [...] }' };
  const items = (body as { samples?: unknown }).samples;
  if (!Array.isArray(items))
    return { ok: false, message: '"samples" must be an array of { signal, ts, value, quality? }' };
  if (items.length === 0) return { ok: false, message: '"samples" is empty' };
  if (items.length > maxSamples)
    return { ok: false, message: `"samples" holds ${items.length} items; at most ${maxSamples} per request` };
  const samples: RawSampleInput[] = [];
  const indices: number[] = [];
  const errors: IntakeItemError[] = [];
  /** Signal and time, NUL-joined (the time after the last NUL holds none) → the first item with them. */
  const first = new Map<string, { index: number; value: unknown }>();
  items.forEach((item: unknown, index) => {
    const problem = itemProblem(item);
    if (problem) return errors.push({ index, reason: 'malformed_item', detail: problem });
    const { signal, ts, value, quality } = item as {
      signal: string;
      ts: unknown;
      value: unknown;
      quality?: SampleQuality;
    };
    const parsed = ts === undefined ? receivedAt : parseTimestamp(ts);
    if (parsed === null || parsed === undefined)
      return errors.push({
        index,
        reason: 'invalid_timestamp',
        detail: `samples[${index}].ts must be epoch ms or ISO-8601`,
      });
    const key = `${signal}\u0000${parsed}`;
    const earlier = first.get(key);
    if (earlier && !sameValue(earlier.value, value))
      return errors.push({
        index,
        reason: 'conflicting_duplicate',
        detail: `samples[${index}] has the signal and ts of samples[${earlier.index}] with another value`,
      });
    if (!earlier) first.set(key, { index, value });
    samples.push({ signalId: signal, ts: parsed, value, quality, source: HTTP_SOURCE });
    indices.push(index);
  });
  return { ok: true, samples, indices, errors };
}

function sameValue(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || (typeof a === 'object' && typeof b === 'object' && safeJson(a) === safeJson(b));
}

function itemProblem(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    return 'item must be an object { signal, ts, value, quality? }';
  const { signal, value, quality } = item as Record<string, unknown>;
  if (typeof signal !== 'string' || signal === '') return '"signal" must be a non-empty string';
  if (value === undefined) return '"value" is missing';
  if (quality !== undefined && typeof quality !== 'string') return '"quality" must be good, uncertain or bad';
  return undefined;
}
