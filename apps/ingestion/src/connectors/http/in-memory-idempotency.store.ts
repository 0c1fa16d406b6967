import { IDEMPOTENCY_KEY_TTL_MS, MAX_IDEMPOTENCY_BYTES, MAX_IDEMPOTENCY_KEYS } from './idempotency-keys';
import type { IdempotencyStore, StoreClaim } from './idempotency-store.port';

interface Entry {
  fingerprint: string;
  attempt: string;
  expiresAt: number;
  /** The response as JSON text, once the first request is done, and its size in bytes. */
  response?: string;
  bytes: number;
}

/**
 * Keys in this process, for the embedded SQLite database (one process). Memory is bounded by MAX_IDEMPOTENCY_KEYS
 * and MAX_IDEMPOTENCY_BYTES; `onEvicted` counts the keys forgotten early.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private attempts = 0;

  constructor(private readonly onEvicted: () => void = () => undefined) {}

  claim(key: string, fingerprint: string, now: number): Promise<StoreClaim> {
    this.expire(now);
    const known = this.entries.get(key);
    if (known)
      return Promise.resolve({ claimed: false, fingerprint: known.fingerprint, response: known.response ?? null });
    const attempt = String(++this.attempts);
    this.entries.set(key, { fingerprint, attempt, expiresAt: now + IDEMPOTENCY_KEY_TTL_MS, bytes: 0 });
    return Promise.resolve({ claimed: true, attempt });
  }

  complete(key: string, attempt: string, response: string): Promise<void> {
    const entry = this.entries.get(key);
    // forgotten meanwhile (evicted): not taken back, the bounds hold
    if (entry?.attempt === attempt) {
      entry.response = response;
      entry.bytes = Buffer.byteLength(response);
      this.bytes += entry.bytes;
      this.evict();
    }
    return Promise.resolve();
  }

  release(key: string, attempt: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry?.attempt === attempt) this.forget(key, entry);
    return Promise.resolve();
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
