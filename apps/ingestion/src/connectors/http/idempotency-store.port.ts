/** What a store answers a request that brings an Idempotency-Key. */
export type StoreClaim =
  { claimed: true; attempt: string } | { claimed: false; fingerprint: string; response: string | null };

/** Where Idempotency-Keys are kept: in the process (embedded SQLite) or in the database every replica shares. */
export interface IdempotencyStore {
  /**
   * Takes `key` for this request unless a live entry holds it; else that entry: the payload fingerprint of its
   * request and its response, null while that request runs.
   */
  claim(key: string, fingerprint: string, now: number): Promise<StoreClaim>;
  /** Keeps the response of the attempt, the key remembered from `now` (the claim's time) on for the TTL. */
  complete(key: string, attempt: string, response: string, now: number): Promise<void>;
  /** Forgets the key of a request that failed, so its retry runs. */
  release(key: string, attempt: string): Promise<void>;
}
