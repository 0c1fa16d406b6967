import { randomUUID } from 'node:crypto';
import type { IdempotencyKeyRepository } from '@bsc/persistence';
import { IDEMPOTENCY_CLAIM_TTL_MS, IDEMPOTENCY_KEY_TTL_MS } from './idempotency-keys';
import type { IdempotencyStore, StoreClaim } from './idempotency-store.port';

/** How often a replica removes the expired keys (the claim takes an expired key over anyway; this bounds the table). */
export const IDEMPOTENCY_CLEANUP_INTERVAL_MS = 3_600_000;

/**
 * Keys in the shared database (PostgreSQL), so a retry a load balancer sends to another replica gets the first
 * one's response; a key is taken by one request at a time, atomically, whichever replica it reaches.
 */
export class DatabaseIdempotencyStore implements IdempotencyStore {
  private nextCleanup = 0;

  constructor(private readonly keys: IdempotencyKeyRepository) {}

  async claim(key: string, fingerprint: string, now: number): Promise<StoreClaim> {
    if (now >= this.nextCleanup) {
      this.nextCleanup = now + IDEMPOTENCY_CLEANUP_INTERVAL_MS;
      await this.keys.deleteExpired(now);
    }
    const attempt = randomUUID();
    const claim = await this.keys.claim(key, fingerprint, attempt, now, now + IDEMPOTENCY_CLAIM_TTL_MS);
    return claim.claimed ? { claimed: true, attempt } : { claimed: false, ...claim.known };
  }

  async complete(key: string, attempt: string, response: string, now: number): Promise<void> {
    await this.keys.complete(key, attempt, response, now + IDEMPOTENCY_KEY_TTL_MS);
  }

  release(key: string, attempt: string): Promise<void> {
    return this.keys.release(key, attempt);
  }
}
