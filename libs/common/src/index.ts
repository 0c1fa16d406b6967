export * from './samples/signal-sample.types';
export * from './time/duration';
export { parseTimestamp } from './time/timestamp';
export { RecentKeys } from './samples/recent-keys';
export { backoffDelay, backoffDelays } from './retry/backoff';
export type { BackoffOptions, Jitter } from './retry/backoff';
export { normalFrom, seededNormal, seededRandom } from './random/seeded-random';
export * from './errors/bsc-error';
export { maxOf, minOf } from './numbers/extremes';
