export type Jitter = 'none' | 'full' | 'equal';

export interface BackoffOptions {
  /** none: exact exponential; full: uniform in [0, d]; equal: uniform in [d/2, d] (AWS architecture blog naming). */
  jitter?: Jitter;
  /** Source of randomness in [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * Delays before each retry: baseMs * 2^i capped at maxMs, for i = 0 .. attempts-1, optionally jittered so that
 * many failing deliveries do not retry in lockstep.
 */
export function backoffDelays(attempts: number, baseMs: number, maxMs: number, options: BackoffOptions = {}): number[] {
  const jitter = options.jitter ?? 'none';
  const random = options.random ?? Math.random;
  const count = Math.max(0, Math.floor(attempts));
  const delays: number[] = [];
  for (let i = 0; i < count; i++) {
    // 2 ** i overflows to Infinity for large i; the cap keeps the result finite.
    const d = Math.min(maxMs, baseMs * 2 ** i);
    if (jitter === 'full') delays.push(Math.round(random() * d));
    else if (jitter === 'equal') delays.push(Math.round(d / 2 + random() * (d / 2)));
    else delays.push(d);
  }
  return delays;
}
