import { createHash } from 'node:crypto';
import { BadRequestException, ConflictException, Logger, UnprocessableEntityException } from '@nestjs/common';
import type { IdempotencyStore } from './idempotency-store.port';

/** How long a key is remembered: a client retries within minutes; a day covers one that was down meanwhile. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
/**
 * How long a request holds its key in the shared database before it finished: a replica that died meanwhile would
 * otherwise leave the key refused (409) for the day. Above Node's 5-minute request timeout, so a request still
 * running is not run a second time.
 */
export const IDEMPOTENCY_CLAIM_TTL_MS = 10 * 60_000;
/** Keys remembered at most in one process; beyond it the oldest is forgotten (and counted). */
export const MAX_IDEMPOTENCY_KEYS = 10_000;
/** Bytes of remembered responses at most in one process (a response lists every refused item); beyond it the oldest goes. */
export const MAX_IDEMPOTENCY_BYTES = 16 * 1024 * 1024;
/** The longest key taken (a UUID is 36 characters). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * The `Idempotency-Key` request header (IETF draft-ietf-httpapi-idempotency-key-header): a request retried with the
 * key of one that succeeded gets that response again and does nothing again (an item without `ts`, stamped with
 * its receipt time, would otherwise be stored twice). The key is a structured-field string (`"..."`; a bare token
 * is taken too). As the draft says: the key reused with another payload is refused (422), and a retry while the
 * first is still running too (409). A request that failed is forgotten, so its retry runs. The store decides where
 * keys live: with a shared database, there, so a retry that reaches another replica is recognised.
 */
export class IdempotencyKeys {
  private readonly logger = new Logger(IdempotencyKeys.name);

  constructor(private readonly store: IdempotencyStore) {}

  async run<T>(header: string | undefined, payload: string, now: number, work: () => Promise<T>): Promise<T> {
    if (header === undefined) return work();
    const key = parseKey(header);
    const fingerprint = createHash('sha256').update(payload).digest('base64');
    const claim = await this.store.claim(key, fingerprint, now);
    if (!claim.claimed) {
      if (claim.fingerprint !== fingerprint)
        throw new UnprocessableEntityException('this Idempotency-Key was used for another request');
      if (claim.response === null)
        throw new ConflictException('a request with this Idempotency-Key is still being processed');
      return JSON.parse(claim.response) as T;
    }
    let result: T;
    try {
      result = await work();
    } catch (error) {
      // a key the store cannot release lapses after IDEMPOTENCY_CLAIM_TTL_MS; the request's own error is the answer
      await this.store.release(key, claim.attempt).catch((e: unknown) => this.warn('release', e));
      throw error;
    }
    // the work is done: its answer goes out even if the store cannot keep it (the key then lapses, as above)
    await this.store
      .complete(key, claim.attempt, JSON.stringify(result), now)
      .catch((e: unknown) => this.warn('keep the response of', e));
    return result;
  }

  private warn(what: string, error: unknown): void {
    this.logger.warn(`could not ${what} an Idempotency-Key: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseKey(header: string): string {
  const quoted = /^"(.*)"$/.exec(header.trim());
  const key = quoted ? quoted[1] : header.trim();
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    throw new BadRequestException(`Idempotency-Key must hold 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  return key;
}
