import type { SignalSample } from '@bsc/common';
import { DEAD_LETTER_PAYLOAD_LIMIT, type DeadLetterRecord } from './pipeline-stores.port';
import type { DeadLetterInput } from './sample-intake.port';
import { safeJson } from './safe-json';

/** Longest detail kept: a detail quotes what it refused (a quality's text), which the payload holds whole anyway. */
export const DEAD_LETTER_DETAIL_LIMIT = 1_024;

/**
 * Text payloads are kept as UTF-8, binary ones (Sparkplug protobuf) as base64; both cut to a bounded size, and so is
 * the detail.
 */
export function toDeadLetterRecord(entry: DeadLetterInput): DeadLetterRecord {
  const { payload, payloadEncoding, truncated } = encodePayload(entry.raw);
  const detail =
    entry.detail.length > DEAD_LETTER_DETAIL_LIMIT
      ? `${entry.detail.slice(0, DEAD_LETTER_DETAIL_LIMIT)}…`
      : entry.detail;
  return {
    receivedAt: entry.receivedAt ?? Date.now(),
    source: entry.source.slice(0, 128),
    channel: entry.channel.slice(0, 512),
    reason: entry.reason.slice(0, 64),
    detail: truncated ? `${detail} (payload cut to ${DEAD_LETTER_PAYLOAD_LIMIT} bytes)` : detail,
    payload,
    payloadEncoding,
    signalId: entry.signalId?.slice(0, 256) ?? null,
  };
}

/** A sample the database refused for good (its batch split around it), kept as a `write_refused` dead letter. */
export function refusedSampleRecord(sample: SignalSample & { receivedAt?: number }, error: unknown): DeadLetterRecord {
  return toDeadLetterRecord({
    source: sample.source,
    channel: sample.signalId,
    reason: 'write_refused',
    detail: `the database refused the sample: ${(error as Error)?.message ?? String(error)}`,
    raw: safeJson(sample),
    signalId: sample.signalId,
    receivedAt: sample.receivedAt,
  });
}

function encodePayload(raw: string | Buffer): {
  payload: string;
  payloadEncoding: 'utf8' | 'base64';
  truncated: boolean;
} {
  if (typeof raw === 'string') {
    const truncated = raw.length > DEAD_LETTER_PAYLOAD_LIMIT;
    return { payload: truncated ? raw.slice(0, DEAD_LETTER_PAYLOAD_LIMIT) : raw, payloadEncoding: 'utf8', truncated };
  }
  const truncated = raw.length > DEAD_LETTER_PAYLOAD_LIMIT;
  const bytes = truncated ? raw.subarray(0, DEAD_LETTER_PAYLOAD_LIMIT) : raw;
  const text = bytes.toString('utf8');
  // Round-trips only when the bytes were valid UTF-8 without control bytes.
  // eslint-disable-next-line no-control-regex -- finding control bytes is what this test is for
  const isText = Buffer.from(text, 'utf8').equals(bytes) && !/[\u0000-\u0008\u000e-\u001f]/.test(text);
  return isText
    ? { payload: text, payloadEncoding: 'utf8', truncated }
    : { payload: bytes.toString('base64'), payloadEncoding: 'base64', truncated };
}
