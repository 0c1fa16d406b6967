export * from './samples/signal-sample.types';
export * from './time/duration';
export * from './errors/bsc-error';
