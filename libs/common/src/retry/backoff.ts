/**
 * none: exact exponential; full: uniform in [0, d]; equal: uniform in [d/2, d] (AWS architecture blog naming);
 * a number s in [0, 1]: uniform in [d(1 - s), d(1 + s)], still capped at the maximum.
 */
export type Jitter = 'none' | 'full' | 'equal' | number;

export interface BackoffOptions {
  jitter?: Jitter;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * The one backoff of the code base: the delay before retry `retry` (0-based) is baseMs * 2^retry capped at maxMs,
 * optionally jittered so that many failing clients do not retry in lockstep. Whole milliseconds.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, options: BackoffOptions = {}): number {
  const jitter = options.jitter ?? 'none';
  const random = options.random ?? Math.random;
  // 2 ** i overflows to Infinity for large i; the cap keeps the result finite.
  const d = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry));
  if (jitter === 'full') return Math.round(random() * d);
  if (jitter === 'equal') return Math.round(d / 2 + random() * (d / 2));
  if (typeof jitter === 'number') return Math.max(0, Math.min(maxMs, Math.round(d + d * jitter * (random() * 2 - 1))));
  return d;
}

/** Delays before each of `attempts` retries (see backoffDelay). */
export function backoffDelays(attempts: number, baseMs: number, maxMs: number, options: BackoffOptions = {}): number[] {
  const count = Math.max(0, Math.floor(attempts));
  const delays: number[] = [];
  for (let i = 0; i < count; i++) delays.push(backoffDelay(i, baseMs, maxMs, options));
  return delays;
}
