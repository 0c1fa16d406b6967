export * from './bsc-events.types';
export * from './in-process-event-bus';
export * from './nats-event-bus';
export * from './events.module';
export * from './work-queue/jetstream-work-queue';
