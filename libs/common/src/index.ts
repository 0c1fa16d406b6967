export * from './samples/signal-sample.types';
export * from './time/duration';
export { parseTimestamp } from './time/timestamp';
export { RecentKeys } from './samples/recent-keys';
export * from './errors/bsc-error';
