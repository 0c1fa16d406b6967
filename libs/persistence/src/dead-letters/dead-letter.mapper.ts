import type { DeadLetterEntity } from '../entities/dead-letter.entity';
import type { DeadLetter, NewDeadLetter } from './dead-letter.types';

/** Bound on a stored payload: a dead letter is for diagnosis, not an archive of arbitrarily large messages. */
export const MAX_DEAD_LETTER_PAYLOAD_CHARS = 64 * 1024;

export function toDeadLetterRow(entry: NewDeadLetter, now: number): Omit<DeadLetterEntity, 'id'> {
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
  };
}

export function toDeadLetter(entity: DeadLetterEntity): DeadLetter {
  return {
    id: entity.id,
    receivedAt: entity.receivedAt,
    source: entity.source,
    channel: entity.channel,
    reason: entity.reason,
    detail: entity.detail,
    payload: entity.payload,
    payloadEncoding: entity.payloadEncoding,
    signalId: entity.signalId,
  };
}

function encodePayload(raw: NewDeadLetter['raw']): { payload: string | null; payloadEncoding: 'utf8' | 'base64' } {
  if (raw === undefined || raw === null) return { payload: null, payloadEncoding: 'utf8' };
  if (typeof raw === 'string') return { payload: raw, payloadEncoding: 'utf8' };
  return { payload: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64'), payloadEncoding: 'base64' };
}
