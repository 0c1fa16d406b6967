import { DiscardPolicy, nanos, RetentionPolicy, StorageType, type JetStreamManager, type StreamInfo } from 'nats';
import { declareStream } from './stream.declaration';

/** Long enough to bridge a replica's reconnect or a NATS node's restart; events are notices, not the record. */
export const DEFAULT_EVENT_RETENTION_S = 600;
/** Bounds the stream on disk whatever the event rate (oldest dropped first). */
export const EVENT_STREAM_MAX_BYTES = 512 * 1024 * 1024;

/** The stream holding one prefix's events: `bsc.events` → `BSC_EVENTS`. */
export function eventStreamName(prefix: string): string {
  return prefix.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/**
 * The events stream of `prefix` as every process declares it (limits retention, oldest dropped first), waited for
 * until the server knows it; its info as the call that made it so answered.
 */
export function declareEventStream(
  jsm: JetStreamManager,
  prefix: string,
  options: { retentionS?: number; replicas?: number },
): Promise<StreamInfo> {
  return declareStream(jsm, {
    name: eventStreamName(prefix),
    subjects: [`${prefix}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_age: nanos((options.retentionS ?? DEFAULT_EVENT_RETENTION_S) * 1000),
    max_bytes: EVENT_STREAM_MAX_BYTES,
    num_replicas: options.replicas ?? 1,
  });
}
