import {
  DiscardPolicy,
  nanos,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
  type StreamInfo,
} from 'nats';
import { untilStreamKnown } from './event-stream-reader';

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
  return untilStreamKnown(() =>
    ensureStream(jsm, {
      name: eventStreamName(prefix),
      subjects: [`${prefix}.>`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos((options.retentionS ?? DEFAULT_EVENT_RETENTION_S) * 1000),
      max_bytes: EVENT_STREAM_MAX_BYTES,
      num_replicas: options.replicas ?? 1,
    }),
  );
}

/**
 * Creates the stream, or brings an existing one to this configuration (every process declares the same), and gives
 * its info as the call that made it so answered: on a cluster a stream just created may not be found by the next
 * request for a moment.
 */
async function ensureStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
): Promise<StreamInfo> {
  try {
    await jsm.streams.info(config.name);
  } catch {
    try {
      return await jsm.streams.add(config);
    } catch {
      // another process created it meanwhile: fall through to the update
    }
  }
  return jsm.streams.update(config.name, config);
}
