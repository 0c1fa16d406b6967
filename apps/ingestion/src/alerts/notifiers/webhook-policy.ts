import type { Jitter } from '@bsc/common';

/** Every bound of webhook delivery in one place. */
export interface WebhookPolicy {
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  /** First retry delay; doubles per retry up to maxDelayMs, jittered. */
  baseDelayMs: number;
  maxDelayMs: number;
  jitter: Jitter;
  /** One HTTP attempt is abandoned after this long (counts as a network error). */
  timeoutMs: number;
  /** Deliveries waiting for a worker; beyond it new ones are dropped (counted, logged). */
  queueCapacity: number;
  /** Deliveries in flight at once (a slow receiver occupies one worker while it backs off). */
  concurrency: number;
  /** At shutdown, deliveries in flight get this long to finish before they are abandoned (and counted dropped). */
  shutdownGraceMs: number;
}

export const WEBHOOK_POLICY: WebhookPolicy = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  // Full jitter: many alerts failing against one receiver do not retry in lockstep.
  jitter: 'full',
  timeoutMs: 10_000,
  queueCapacity: 1_000,
  concurrency: 4,
  shutdownGraceMs: 2_000,
});

/** 5xx and 429 are worth retrying; other statuses are the receiver's final answer. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
