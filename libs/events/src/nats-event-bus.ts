import { randomUUID } from 'node:crypto';
import {
  connect,
  DeliverPolicy,
  DiscardPolicy,
  Events,
  JSONCodec,
  nanos,
  RetentionPolicy,
  StorageType,
  type ConsumerMessages,
  type JetStreamManager,
  type NatsConnection,
  type StreamConfig,
} from 'nats';
import type { BscEventHandler, BscEventMap, BscEventName, EventBus } from './bsc-events.types';
import { InProcessEventBus } from './in-process-event-bus';

interface Envelope {
  origin: string;
  payload: unknown;
}

export const DEFAULT_SUBJECT_PREFIX = 'bsc.events';
/** Long enough to bridge a replica's reconnect or a NATS node's restart; events are notices, not the record. */
export const DEFAULT_EVENT_RETENTION_S = 600;
/** Bounds the stream on disk whatever the event rate (oldest dropped first). */
export const EVENT_STREAM_MAX_BYTES = 512 * 1024 * 1024;

export interface NatsEventBusOptions {
  prefix?: string;
  /** Client name shown by the NATS server. */
  name?: string;
  onError?: (name: string, error: unknown) => void;
  /** Seconds the events stream keeps an event (limits retention). */
  retentionS?: number;
  /** Copies of the events stream in a NATS cluster (1 on a single server). */
  replicas?: number;
}

/** The stream holding one prefix's events: `bsc.events` → `BSC_EVENTS`. */
export function eventStreamName(prefix: string): string {
  return prefix.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/**
 * The bus across processes (ingestion, KPI workers and API replicas deployed apart). Local subscribers are served
 * synchronously as with the in-process bus; every event is also published into a JetStream stream, and each process
 * reads it through its own ordered consumer starting right after the stream's last event at connect time. The
 * ordered consumer re-creates itself from the last sequence it saw after missed heartbeats; after a forced reconnect
 * it has been seen to stall, so caches must not rely on it alone. On every reconnect the bus also emits
 * `events.resync` locally: caches drop everything, since events older than the retention may be gone.
 * An origin id keeps a process from receiving its own events twice.
 */
export class NatsEventBus implements EventBus {
  private readonly local: InProcessEventBus;
  private readonly origin = randomUUID();
  private readonly codec = JSONCodec<Envelope>();
  private messages?: ConsumerMessages;
  private closed = false;
  /** Stream sequence of the last event read: a new consumer after a reconnect starts right after it. */
  private lastSeq: number | undefined;
  private stream = '';

  private constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly onError: (name: string, error: unknown) => void,
  ) {
    this.local = new InProcessEventBus(onError);
  }

  static async connect(url: string, options: NatsEventBusOptions = {}): Promise<NatsEventBus> {
    const nc = await connect({
      servers: url.split(',').map((u) => u.trim()),
      name: options.name ?? 'bsc',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
    });
    const prefix = options.prefix ?? DEFAULT_SUBJECT_PREFIX;
    const bus = new NatsEventBus(nc, prefix, options.onError ?? (() => undefined));
    try {
      const stream = eventStreamName(prefix);
      const jsm = await nc.jetstreamManager();
      await ensureStream(jsm, {
        name: stream,
        subjects: [`${prefix}.>`],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        discard: DiscardPolicy.Old,
        max_age: nanos((options.retentionS ?? DEFAULT_EVENT_RETENTION_S) * 1000),
        max_bytes: EVENT_STREAM_MAX_BYTES,
        num_replicas: options.replicas ?? 1,
      });
      bus.stream = stream;
      await bus.listen();
    } catch (error) {
      await nc.close();
      throw error;
    }
    bus.watchReconnects();
    return bus;
  }

  publish<K extends BscEventName>(name: K, payload: BscEventMap[K]): void {
    this.local.publish(name, payload);
    try {
      // a plain publish the stream captures: the caller never waits for the stream's acknowledgement
      this.nc.publish(`${this.prefix}.${name}`, this.codec.encode({ origin: this.origin, payload }));
    } catch (error) {
      // A closed or draining connection must not break the local path.
      this.onError(name, error);
    }
  }

  subscribe<K extends BscEventName>(name: K, handler: BscEventHandler<K>): () => void {
    return this.local.subscribe(name, handler);
  }

  /** Resolves once everything published so far reached the server. */
  flush(): Promise<void> {
    return this.nc.flush();
  }

  /** Forces a reconnect as a network fault would (tests, operators). */
  reconnect(): Promise<void> {
    return this.nc.reconnect();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.messages?.close();
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  /**
   * Reads the stream from `lastSeq + 1` on; the first time from after the last stored event, so whatever is published
   * once connect() resolved is seen.
   */
  private async listen(): Promise<void> {
    if (this.lastSeq === undefined) {
      const { state } = await (await this.nc.jetstreamManager()).streams.info(this.stream);
      this.lastSeq = state.last_seq;
    }
    const after = this.lastSeq;
    const consumer = await this.nc.jetstream().consumers.get(this.stream, {
      // one subject as a string: a list needs NATS 2.10
      filterSubjects: `${this.prefix}.>`,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: after + 1,
    });
    this.messages = await consumer.consume({
      callback: (message) => {
        // an event already read (a consumer being replaced) is skipped: each is delivered once, in order
        if (message.info.streamSequence <= (this.lastSeq ?? 0)) return;
        this.lastSeq = message.info.streamSequence;
        const name = message.subject.slice(this.prefix.length + 1) as BscEventName;
        try {
          const envelope = this.codec.decode(message.data);
          if (envelope.origin !== this.origin) this.local.publish(name, envelope.payload as BscEventMap[typeof name]);
        } catch (error) {
          this.onError(name, error);
        }
      },
    });
  }

  /**
   * After a reconnect the ordered consumer's own recovery was seen to deliver nothing for over 90 s, so it is
   * replaced by one that starts right after the last event read: nothing missed that the stream still holds.
   */
  private async resume(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        await this.messages?.close();
        await this.listen();
        return;
      } catch (error) {
        this.onError('events.resync', error);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** attempt)));
      }
    }
  }

  private watchReconnects(): void {
    void (async () => {
      for await (const status of this.nc.status()) {
        if (this.closed) return;
        if (status.type !== Events.Reconnect) continue;
        await this.resume();
        // caches rebuild from the database: events older than the retention may be gone
        this.local.publish('events.resync', { at: Date.now(), reason: 'reconnect' });
      }
    })();
  }
}

/** Creates the stream, or brings an existing one to this configuration (every process declares the same). */
async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch {
    try {
      await jsm.streams.add(config);
      return;
    } catch {
      // another process created it meanwhile: fall through to the update
    }
  }
  await jsm.streams.update(config.name, config);
}
