import { isStorableText, storableText } from '../data-source/storable-text';
import type { DeadLetterEntity } from '../entities/dead-letter.entity';
import type { DeadLetter, NewDeadLetter } from './dead-letter.types';

/** Bound on a stored payload: a dead letter is for diagnosis, not an archive of arbitrarily large messages. */
export const MAX_DEAD_LETTER_PAYLOAD_CHARS = 64 * 1024;
/** Bound on the detail text (a parser's message may quote the input). */
export const MAX_DEAD_LETTER_DETAIL_CHARS = 4 * 1024;

export function toDeadLetterRow(entry: NewDeadLetter, now: number): Omit<DeadLetter, 'id'> {
  const { payload, payloadEncoding } = encodePayload(entry.raw);
  const truncated = payload !== null && payload.length > MAX_DEAD_LETTER_PAYLOAD_CHARS;
  return {
    receivedAt: entry.receivedAt ?? now,
    source: entry.source,
    channel: entry.channel ?? null,
    reason: entry.reason,
    detail: truncated ? `${entry.detail} (payload truncated from ${payload.length} chars)` : entry.detail,
    payload: truncated ? payload.slice(0, MAX_DEAD_LETTER_PAYLOAD_CHARS) : payload,
    payloadEncoding,
    signalId: entry.signalId ?? null,
    originKey: entry.originKey ?? null,
  };
}

/** The row as stored: a binary payload goes to payload_bytes as the raw bytes, text stays in payload. */
export function toDeadLetterEntityRow(record: Omit<DeadLetter, 'id'>): Omit<DeadLetterEntity, 'id'> {
  const binary = record.payload !== null && record.payloadEncoding === 'base64';
  return {
    ...record,
    payload: binary ? null : record.payload,
    payloadEncoding: binary ? 'bytes' : 'utf8',
    payloadBytes: binary ? Buffer.from(record.payload!, 'base64') : null,
    originKey: record.originKey ?? null,
  };
}

/** Reads raw bytes (and old rows whose bytes are base64 in payload) back as the base64 the readers show. */
export function toDeadLetter(entity: DeadLetterEntity): DeadLetter {
  const bytes = entity.payloadBytes;
  return {
    id: entity.id,
    receivedAt: entity.receivedAt,
    source: entity.source,
    channel: entity.channel,
    reason: entity.reason,
    detail: entity.detail,
    payload: bytes !== null ? Buffer.from(bytes).toString('base64') : entity.payload,
    payloadEncoding: bytes !== null || entity.payloadEncoding !== 'utf8' ? 'base64' : 'utf8',
    signalId: entity.signalId,
    originKey: entity.originKey,
  };
}

function encodePayload(raw: NewDeadLetter['raw']): { payload: string | null; payloadEncoding: 'utf8' | 'base64' } {
  if (raw === undefined || raw === null) return { payload: null, payloadEncoding: 'utf8' };
  if (typeof raw === 'string') return { payload: raw, payloadEncoding: 'utf8' };
  return {
    payload: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64'),
    payloadEncoding: 'base64',
  };
}

/**
 * A row every database accepts, whatever the message held: text columns cut to their length and rid of U+0000 and
 * lone surrogates; a text payload that holds such characters is kept byte for byte as base64 of its UTF-8 instead.
 */
export function toStorableDeadLetter(record: Omit<DeadLetter, 'id'>): Omit<DeadLetter, 'id'> {
  let { payload, payloadEncoding } = record;
  if (payload !== null && payloadEncoding === 'utf8' && !isStorableText(payload)) {
    payload = Buffer.from(payload, 'utf8').toString('base64');
    payloadEncoding = 'base64';
  }
  return {
    receivedAt: record.receivedAt,
    source: storableText(record.source, 128),
    channel: record.channel === null ? null : storableText(record.channel, 512),
    reason: storableText(record.reason, 64),
    detail: storableText(record.detail, MAX_DEAD_LETTER_DETAIL_CHARS),
    payload,
    payloadEncoding,
    signalId: record.signalId === null ? null : storableText(record.signalId, 256),
    originKey: record.originKey ?? null,
  };
}
