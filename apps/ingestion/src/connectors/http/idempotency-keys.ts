import { createHash } from 'node:crypto';
import { BadRequestException, ConflictException, UnprocessableEntityException } from '@nestjs/common';

/** How long a key is remembered: a client retries within minutes; a day covers one that was down meanwhile. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
/** Keys remembered at most; beyond it the oldest is forgotten (and counted). */
export const MAX_IDEMPOTENCY_KEYS = 10_000;
/** Bytes of remembered responses at most (a response lists every refused item); beyond it the oldest goes. */
export const MAX_IDEMPOTENCY_BYTES = 16 * 1024 * 1024;
/** The longest key taken (a UUID is 36 characters). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

interface Entry {
  fingerprint: string;
  expiresAt: number;
  /** The response as JSON text, once the first request is done, and its size in bytes. */
  response?: string;
  bytes: number;
}

/**
 * The `Idempotency-Key` request header (IETF draft-ietf-httpapi-idempotency-key-header): a request retried with the
 * key of one that succeeded gets that response again and does nothing again (an item without `ts`, stamped with
 * its receipt time, would otherwise be stored twice). The key is a structured-field string (`"..."`; a bare token
 * is taken too). As the draft says: the key reused with another payload is refused (422), and a retry while the
 * first is still running too (409). A request that failed is forgotten, so its retry runs. Memory is bounded by
 * MAX_IDEMPOTENCY_KEYS and MAX_IDEMPOTENCY_BYTES; `onEvicted` counts the keys forgotten early. Per process: a
 * retry that reaches another replica is not recognised.
 */
export class IdempotencyKeys {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly onEvicted: () => void = () => undefined) {}

  async run<T>(header: string | undefined, payload: string, now: number, work: () => Promise<T>): Promise<T> {
    if (header === undefined) return work();
    const key = parseKey(header);
    this.expire(now);
    const fingerprint = createHash('sha256').update(payload).digest('base64');
    const known = this.entries.get(key);
    if (known) {
      if (known.fingerprint !== fingerprint)
        throw new UnprocessableEntityException('this Idempotency-Key was used for another request');
      if (known.response === undefined)
        throw new ConflictException('a request with this Idempotency-Key is still being processed');
      return JSON.parse(known.response) as T;
    }
    const entry: Entry = { fingerprint, expiresAt: now + IDEMPOTENCY_KEY_TTL_MS, bytes: 0 };
    this.entries.set(key, entry);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
    // forgotten meanwhile (evicted): not taken back, the bounds hold
    if (this.entries.get(key) === entry) {
      entry.response = JSON.stringify(result);
      entry.bytes = Buffer.byteLength(entry.response);
      this.bytes += entry.bytes;
      this.evict();
    }
    return result;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Entries are in insertion order and all live as long: the expired ones are at the front. */
  private expire(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) return;
      this.forget(key, entry);
    }
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= MAX_IDEMPOTENCY_KEYS && this.bytes <= MAX_IDEMPOTENCY_BYTES) return;
      this.forget(key, entry);
      this.onEvicted();
    }
  }

  private forget(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}

function parseKey(header: string): string {
  const quoted = /^"(.*)"$/.exec(header.trim());
  const key = quoted ? quoted[1] : header.trim();
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    throw new BadRequestException(`Idempotency-Key must hold 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  return key;
}
