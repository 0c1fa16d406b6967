import {
  AckPolicy,
  ConsumerEvents,
  DeliverPolicy,
  nanos,
  type ConsumerMessages,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import { backoffDelay } from '@bsc/common';

/** A pull that waits this long is renewed; the server sends idle heartbeats at a fifth of it meanwhile. */
const PULL_EXPIRES_MS = 10_000;
const IDLE_HEARTBEAT_MS = 2_000;
/** Signs that the consumer is gone or unreachable: two missed heartbeats (the client's rule), or no one answering. */
const CONSUMER_LOST: string[] = [
  ConsumerEvents.HeartbeatsMissed,
  ConsumerEvents.ConsumerNotFound,
  ConsumerEvents.ConsumerDeleted,
  ConsumerEvents.NoResponders,
];
/** Bound on each JetStream API request, so that a request to a dead leader is retried soon. */
const API_TIMEOUT_MS = 3_000;
/** A consumer left on a node that died is removed by the server once that node is back and it stayed unread. */
const INACTIVE_THRESHOLD_MS = 120_000;
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 2_000;
const STREAM_KNOWN_WITHIN_MS = 10_000;

/** One consumer being read; `retire` ends it for good (its later messages are ignored). */
interface Reading {
  name: string;
  messages: ConsumerMessages;
  retired: Promise<string>;
  retire: (reason: string) => void;
  done: boolean;
}

/**
 * Reads an events stream in order, each message once, resuming right after the last stream sequence it delivered.
 * It creates its consumers itself (ephemeral, in memory, one replica, no acks, starting at a sequence) and replaces
 * one as soon as it can no longer be trusted: heartbeats missed (its node died, or the stream's), a gap in the
 * consumer's delivery sequence (a message lost on the way), the client reconnected, or the consumer vanished.
 * A replacement starts at `lastSeq + 1`, and whatever an old consumer still delivers is ignored, so nothing the
 * stream holds is missed or read twice. Failed attempts are retried with a short backoff: the nats.js ordered
 * consumer's own recovery waits its pull expiry (30 s) between attempts, and cannot replace a consumer whose node
 * is dead while its client stays connected elsewhere.
 */
export class EventStreamReader {
  private current?: Reading;
  private closed = false;
  private loop: Promise<void> = Promise.resolve();
  private opened = 0;
  /** A replacement asked for while no consumer was being read (one being created may predate the cause). */
  private replaceAsked = false;
  /** Since when no consumer has been read (one retired, its replacement not open yet). */
  private unreadSince?: number;
  private lastError?: string;

  constructor(
    private readonly nc: NatsConnection,
    private readonly stream: string,
    private readonly filterSubject: string,
    /** Consumers are named `${namePrefix}_${n}`, so that operators see whose they are. */
    private readonly namePrefix: string,
    /** Stream sequence of the last message already seen: reading starts right after it. */
    private lastSeq: number,
    private readonly deliver: (message: JsMsg) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Resolves once the first consumer exists; from then on consumers are replaced in the background. */
  async start(): Promise<void> {
    this.current = await untilStreamKnown(() => this.open());
    this.loop = this.run();
  }

  /** Stream sequence of the last message delivered. */
  get position(): number {
    return this.lastSeq;
  }

  /** How long the stream has not been read (0 while a consumer is), and why a new consumer failed last. */
  status(now = Date.now()): { unreadMs: number; lastError: string | null } {
    return { unreadMs: this.unreadSince === undefined ? 0 : now - this.unreadSince, lastError: this.lastError ?? null };
  }

  /** Replaces the current consumer by one that starts right after the last message delivered. */
  replace(reason: string): void {
    if (this.current) this.current.retire(reason);
    else this.replaceAsked = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.current?.retire('closed');
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      if (this.current) {
        await this.current.retired;
        this.unreadSince ??= Date.now();
        await this.dispose(this.current);
        this.current = undefined;
        if (this.closed) return;
      }
      try {
        this.replaceAsked = false;
        this.current = await this.open();
        failures = 0;
        this.unreadSince = this.lastError = undefined;
        if (this.replaceAsked) this.current.retire('asked while opening');
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.onError(error);
        await sleep(backoffDelay(failures++, RETRY_BASE_MS, RETRY_MAX_MS, { jitter: 'equal' }));
      }
    }
  }

  private async open(): Promise<Reading> {
    const jsm = await this.nc.jetstreamManager({ timeout: API_TIMEOUT_MS });
    const info = await jsm.consumers.add(this.stream, {
      name: `${this.namePrefix}_${++this.opened}`,
      filter_subject: this.filterSubject,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.lastSeq + 1,
      mem_storage: true,
      num_replicas: 1,
      inactive_threshold: nanos(INACTIVE_THRESHOLD_MS),
    });
    let retire: (reason: string) => void = () => undefined;
    const retired = new Promise<string>((resolve) => (retire = resolve));
    const reading: Partial<Reading> = { name: info.name, retired, done: false };
    reading.retire = (reason) => {
      reading.done = true;
      retire(reason);
    };
    try {
      const consumer = await this.nc.jetstream({ timeout: API_TIMEOUT_MS }).consumers.get(this.stream, info.name);
      let delivered = 0;
      reading.messages = await consumer.consume({
        expires: PULL_EXPIRES_MS,
        idle_heartbeat: IDLE_HEARTBEAT_MS,
        callback: (message) => {
          if (reading.done) return;
          // consumer sequences count up by one per delivery: anything else is a message lost on the way
          if (message.info.deliverySequence !== delivered + 1) return reading.retire?.('gap');
          delivered = message.info.deliverySequence;
          if (message.info.streamSequence <= this.lastSeq) return;
          this.lastSeq = message.info.streamSequence;
          this.deliver(message);
        },
      });
    } catch (error) {
      await jsm.consumers.delete(this.stream, info.name).catch(() => false);
      throw error;
    }
    const done = reading as Reading;
    void this.watch(done);
    if (this.closed) done.retire('closed');
    return done;
  }

  private async watch(reading: Reading): Promise<void> {
    void reading.messages.closed().then(() => reading.retire('closed'));
    for await (const status of await reading.messages.status()) {
      if (reading.done) return;
      if (CONSUMER_LOST.includes(status.type)) reading.retire(status.type);
    }
  }

  /** Stops reading; the server-side consumer is deleted if its node answers (else it expires when inactive). */
  private async dispose(reading: Reading): Promise<void> {
    await reading.messages.close().catch(() => undefined);
    if (this.nc.isClosed()) return;
    void this.nc
      .jetstreamManager({ timeout: API_TIMEOUT_MS })
      .then((jsm) => jsm.consumers.delete(this.stream, reading.name))
      .catch(() => false);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `task` again while the cluster answers that the stream does not exist, for STREAM_KNOWN_WITHIN_MS: a stream just
 * created through one node may be unknown to another for a moment (a replica connecting right after the first
 * process created it). Any other error, or one past the bound, is thrown.
 */
export async function untilStreamKnown<T>(task: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + STREAM_KNOWN_WITHIN_MS;
  for (let failures = 0; ; failures++) {
    try {
      return await task();
    } catch (error) {
      if (!(error instanceof Error && /stream not found/i.test(error.message)) || Date.now() > deadline) throw error;
      await sleep(backoffDelay(failures, RETRY_BASE_MS, RETRY_MAX_MS, { jitter: 'equal' }));
    }
  }
}
