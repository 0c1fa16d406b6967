export * from './bsc-events.types';
export * from './in-process-event-bus';
export * from './nats-event-bus';
export { DEFAULT_EVENT_RETENTION_S, EVENT_STREAM_MAX_BYTES, eventStreamName } from './event-stream.declaration';
export { declareStream, type StreamDeclaration } from './stream.declaration';
export * from './events.module';
export * from './work-queue/jetstream-work-queue';
