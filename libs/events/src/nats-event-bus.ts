import { randomUUID } from 'node:crypto';
import { AckPolicy, connect, DeliverPolicy, Events, JSONCodec, nanos, type JsMsg, type NatsConnection } from 'nats';
import type { BscEventHandler, BscEventMap, BscEventName, EventBus, PublishOptions } from './bsc-events.types';
import { EventStreamReader } from './event-stream-reader';
import { EventStreamWriter, type EventBatch } from './event-stream-writer';
import { InProcessEventBus } from './in-process-event-bus';
import { declareEventStream, eventStreamName } from './event-stream.declaration';

export const DEFAULT_SUBJECT_PREFIX = 'bsc.events';
/** How long close() waits for events still on their way to the stream. */
const CLOSE_FLUSH_MS = 5_000;
/** How long reading back waits for the next event the stream holds (it is there: only a slow server waits). */
const READ_BACK_WAIT_MS = 5_000;
/** The server removes a read-back consumer left behind (its process died while reading) this long unread. */
const READ_BACK_INACTIVE_MS = 60_000;
/**
 * Events unacknowledged by the stream, or the stream unread, this long make the bus unhealthy: ten publish timeouts,
 * far beyond a stream leader's election in a cluster (seconds), so only a stream that stopped taking or giving counts.
 */
export const EVENT_STALL_MS = 30_000;

/** The bus as `/health` shows it (check `events`). */
export interface EventBusHealth {
  ok: boolean;
  detail: {
    connected: boolean;
    /** Events written here and not yet stored by the stream. */
    pending: number;
    /** How long the first of them has waited since the stream last acknowledged one. */
    waitingMs: number;
    /** How long no consumer of the stream has been read (0: reading). */
    unreadMs: number;
    reason?: string;
    lastError?: string;
  };
}

export interface NatsEventBusOptions {
  prefix?: string;
  /** Client name shown by the NATS server. */
  name?: string;
  onError?: (name: string, error: unknown) => void;
  /** Seconds the events stream keeps an event (limits retention). */
  retentionS?: number;
  /** Copies of the events stream in a NATS cluster (1 on a single server). */
  replicas?: number;
  /**
   * Events of these names the stream held when this bus connected are delivered too, oldest first, before any
   * published since: notices a process started later must still hear (the ingestion's start announces the imports
   * stored while it was stopped, which the API's forecasts count as history still arriving).
   */
  replay?: BscEventName[];
  /** Other processes' events are read from `startReading()` on (the events module: once every module subscribed). */
  deferReading?: boolean;
}

/**
 * The bus across processes (ingestion, KPI workers and API replicas deployed apart). Local subscribers are served
 * synchronously as with the in-process bus; every event is also written into a JetStream stream (acknowledged, in
 * order, stored once: EventStreamWriter), and each process reads it from right after the stream's last event at
 * connect time (EventStreamReader; an app from its events module's bootstrap on, see startReading), which replaces its consumer from the last sequence it delivered whenever that
 * consumer can no longer be trusted (its node died, a reconnect, a gap). On every reconnect the bus also emits
 * `events.resync` locally: caches drop everything, since events older than the retention may be gone.
 * An origin id keeps a process from receiving its own events twice.
 */
export class NatsEventBus implements EventBus {
  private readonly local: InProcessEventBus;
  /** This bus's id: the stream's message ids of its events start with it (`<origin>.<n>`). */
  readonly origin = randomUUID();
  private readonly codec = JSONCodec<EventBatch>();
  private readonly writer: EventStreamWriter;
  private reader?: EventStreamReader;
  private reading?: Promise<void>;
  /** The stream's last sequence when this bus connected: reading starts right after it. */
  private joinedAt = 0;
  private replay: BscEventName[] = [];
  private closed = false;
  /** Since when the connection has been down (undefined: connected). */
  private disconnectedSince?: number;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly onError: (name: string, error: unknown) => void,
  ) {
    this.local = new InProcessEventBus(onError);
    this.writer = new EventStreamWriter(nc, prefix, this.origin, this.codec, onError);
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
      const { state } = await declareEventStream(jsm, prefix, options);
      // whatever is published once connect() resolved is seen: reading starts right after the last stored event
      bus.joinedAt = state.last_seq;
      bus.replay = options.replay ?? [];
      bus.reader = new EventStreamReader(
        nc,
        stream,
        `${prefix}.>`,
        // the client name (several processes may share it) and this bus's origin
        `${(options.name ?? 'bsc').replace(/[^A-Za-z0-9_-]+/g, '_')}_${bus.origin.slice(0, 8)}`,
        state.last_seq,
        (message) => bus.receive(message),
        (error) => bus.onError('events.resync', error),
      );
      if (!options.deferReading) await bus.startReading();
    } catch (error) {
      await nc.close();
      throw error;
    }
    bus.watchReconnects();
    return bus;
  }

  publish<K extends BscEventName>(name: K, payload: BscEventMap[K], options?: PublishOptions<K>): void {
    this.local.publish(name, payload);
    const remote = options?.remote === undefined ? payload : options.remote;
    // the caller never waits for the stream: the writer retries in the background, in order
    if (remote !== null) this.writer.write(name, remote);
  }

  subscribe<K extends BscEventName>(name: K, handler: BscEventHandler<K>): () => void {
    return this.local.subscribe(name, handler);
  }

  /**
   * Starts reading the stream from where it stood at connect: first what it held of the `replay` events, then
   * everything since. Events another process publishes meanwhile wait in the stream, not in this process.
   */
  startReading(): Promise<void> {
    this.reading ??= (async () => {
      // notices, not the record: a stream that cannot be read back does not keep the process from starting
      await this.readBack().catch((error: unknown) => this.onError('replay', error));
      await this.reader!.start();
    })();
    return this.reading;
  }

  /** Resolves once everything published so far was stored by the stream. */
  async flush(): Promise<void> {
    await this.writer.flushed();
    await this.nc.flush();
  }

  /**
   * Unhealthy while the connection is down (at once: nothing reaches the other processes), and once events have
   * waited for the stream, or the stream has gone unread, `stallAfterMs`.
   */
  health(stallAfterMs = EVENT_STALL_MS, now = Date.now()): EventBusHealth {
    const written = this.writer.status(now);
    const read = this.reader?.status(now) ?? { unreadMs: 0, lastError: null };
    const connected = !this.closed && !this.nc.isClosed() && this.disconnectedSince === undefined;
    const detail: EventBusHealth['detail'] = {
      connected,
      pending: written.pending,
      waitingMs: written.waitingMs,
      unreadMs: read.unreadMs,
    };
    if (!connected) {
      const since = this.disconnectedSince === undefined ? '' : ` for ${seconds(now - this.disconnectedSince)}`;
      detail.reason = `not connected to NATS${since}`;
    } else if (written.waitingMs >= stallAfterMs) {
      detail.reason = `${written.pending} events not stored by the stream for ${seconds(written.waitingMs)}`;
    } else if (read.unreadMs >= stallAfterMs) {
      detail.reason = `the events stream not read for ${seconds(read.unreadMs)}`;
    }
    const lastError = written.lastError ?? read.lastError;
    if (detail.reason && lastError) detail.lastError = lastError;
    return { ok: detail.reason === undefined, detail };
  }

  /** Forces a reconnect as a network fault would (tests, operators). */
  reconnect(): Promise<void> {
    return this.nc.reconnect();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.stop(CLOSE_FLUSH_MS);
    await this.reader?.close();
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  /** Delivers the `replay` events the stream held at connect, oldest first (an ephemeral consumer of just those). */
  private async readBack(): Promise<void> {
    if (this.replay.length === 0 || this.joinedAt === 0) return;
    const subjects = this.replay.map((name) => `${this.prefix}.${name}`);
    const stream = eventStreamName(this.prefix);
    const jsm = await this.nc.jetstreamManager();
    const info = await jsm.consumers.add(stream, {
      ...(subjects.length === 1 ? { filter_subject: subjects[0] } : { filter_subjects: subjects }),
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      mem_storage: true,
      num_replicas: 1,
      inactive_threshold: nanos(READ_BACK_INACTIVE_MS),
    });
    try {
      if (info.num_pending === 0) return;
      const consumer = await this.nc.jetstream().consumers.get(stream, info.name);
      for (;;) {
        const message = await consumer.next({ expires: READ_BACK_WAIT_MS });
        // those published after connect come from the reader, in order with the rest
        if (!message || message.info.streamSequence > this.joinedAt) return;
        this.receive(message);
        if (message.info.pending === 0 || message.info.streamSequence === this.joinedAt) return;
      }
    } finally {
      await jsm.consumers.delete(stream, info.name).catch(() => false);
    }
  }

  private receive(message: JsMsg): void {
    const name = message.subject.slice(this.prefix.length + 1) as BscEventName;
    // own events were served locally at publish: skipped before decoding (the ingestion reads back every event it
    // writes, at 20,000 samples/s a JSON document of 20,000 samples a second)
    if (message.headers?.get('Nats-Msg-Id').startsWith(`${this.origin}.`)) return;
    try {
      const batch = this.codec.decode(message.data);
      if (batch.origin === this.origin) return;
      for (const payload of batch.payloads) this.local.deliver(name, payload as BscEventMap[typeof name], 'remote');
    } catch (error) {
      this.onError(name, error);
    }
  }

  private watchReconnects(): void {
    void (async () => {
      for await (const status of this.nc.status()) {
        if (this.closed) return;
        if (status.type === Events.Disconnect) this.disconnectedSince ??= Date.now();
        if (status.type !== Events.Reconnect) continue;
        this.disconnectedSince = undefined;
        // messages sent to this client while it was away are lost: a new consumer from the last one read
        this.reader?.replace('reconnect');
        // caches rebuild from the database: events older than the retention may be gone
        this.local.publish('events.resync', { at: Date.now(), reason: 'reconnect' });
      }
    })();
  }
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;
