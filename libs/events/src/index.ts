export * from './bsc-events.types';
export * from './in-process-event-bus';
export * from './events.module';
