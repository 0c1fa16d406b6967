import { backoffDelay, ExpiringMap } from '@bsc/common';
import {
  AckPolicy,
  DiscardPolicy,
  headers,
  JSONCodec,
  nanos,
  RetentionPolicy,
  StorageType,
  type Consumer,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import { declareStream } from '../stream.declaration';

export interface WorkQueueOptions<T = unknown> {
  /** Stream name (one per queue). */
  stream: string;
  /** The one subject jobs are published on. */
  subject: string;
  /** A job a worker holds this long without acknowledging or reporting progress goes to another worker. */
  ackWaitMs: number;
  /** Stream replicas in a NATS cluster. */
  replicas?: number;
  /** Window in which two jobs with the same id count as one (JetStream de-duplication). */
  duplicateWindowMs?: number;
  /**
   * Checks a decoded job and returns it typed; throws when it is none the queue's producers make (anything else
   * published on the subject). Such a message is reported and terminated, never handed over or delivered again.
   */
  validate?: (job: unknown) => T;
}

export interface WorkQueueConsumeOptions {
  /** Jobs taken at once (a worker handles them together). */
  batch: number;
  /** How long one pull waits for jobs before asking again. */
  pullWaitMs?: number;
  onError?: (error: unknown) => void;
}

/** Shared by every worker: the queue hands each job to one of them. */
const WORKERS = 'workers';
const DEFAULT_PULL_WAIT_MS = 5_000;
/** Bounds the queue on disk: a scheduler whose workers are all down must not fill it forever. */
const MAX_QUEUED_JOBS = 100_000;
/** A batch whose handler failed comes again after 1 s, doubling per delivery up to a minute (no hot loop). */
const REDELIVERY_BASE_MS = 1_000;
const REDELIVERY_MAX_MS = 60_000;
/** Failures this worker saw per job, kept a while past the longest delay (bounded: a lost job only ages out). */
const FAILURES_KEPT_MS = 10 * REDELIVERY_MAX_MS;
const MAX_FAILING_JOBS = 10_000;

/** A message on the queue's subject that is no job: terminated, not retried. */
export class InvalidJobError extends Error {
  constructor(
    detail: string,
    readonly seq: number,
  ) {
    super(`invalid job (stream sequence ${seq}): ${detail}`);
    this.name = 'InvalidJobError';
  }
}

/**
 * Jobs on a JetStream stream with work-queue retention: each job is delivered to one worker of the shared durable
 * consumer and removed when acknowledged. A worker acknowledges only after its work is stored; while it works it
 * reports progress, so only a worker that died (or hung) lets a job go back to the queue after `ackWaitMs`.
 */
export class JetStreamWorkQueue<T> {
  private readonly codec = JSONCodec<unknown>();
  private readonly js: JetStreamClient;
  private readonly failures = new ExpiringMap<number, number>(FAILURES_KEPT_MS, MAX_FAILING_JOBS);

  private constructor(
    private readonly nc: NatsConnection,
    private readonly options: WorkQueueOptions<T>,
  ) {
    this.js = nc.jetstream();
  }

  static async open<T>(nc: NatsConnection, options: WorkQueueOptions<T>): Promise<JetStreamWorkQueue<T>> {
    const jsm = await nc.jetstreamManager();
    await declareStream(jsm, {
      name: options.stream,
      subjects: [options.subject],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_msgs: MAX_QUEUED_JOBS,
      num_replicas: options.replicas ?? 1,
      duplicate_window: nanos(options.duplicateWindowMs ?? 120_000),
    });
    const consumer = {
      durable_name: WORKERS,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(options.ackWaitMs),
      max_ack_pending: -1,
    };
    // the server creates the durable or brings an existing one to these settings; one it cannot change in place
    // (another ack policy) fails the start with the server's reason
    await jsm.consumers.add(options.stream, consumer).catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`work queue ${options.stream}: consumer ${WORKERS}: ${reason}`, { cause: error });
    });
    return new JetStreamWorkQueue<T>(nc, options);
  }

  /** Adds a job; false when a job with this id was queued within the de-duplication window. */
  async enqueue(job: T, id: string): Promise<boolean> {
    const h = headers();
    h.set('Nats-Msg-Id', id);
    const ack = await this.js.publish(this.options.subject, this.codec.encode(job), { headers: h });
    return !ack.duplicate;
  }

  /** Jobs waiting for a worker (not counting those a worker holds). */
  async pending(): Promise<number> {
    const info = await (await this.nc.jetstreamManager()).consumers.info(this.options.stream, WORKERS);
    return info.num_pending;
  }

  /**
   * Pulls jobs until stopped and hands each batch to `handle`; acknowledges the batch when `handle` resolves, asks
   * for redelivery after a growing delay when it throws. A message that is no job goes to `onError` and is dropped.
   * Resolves from `stop()` once the batch in hand is finished.
   */
  consume(handle: (jobs: T[]) => Promise<void>, options: WorkQueueConsumeOptions): { stop: () => Promise<void> } {
    let stopped = false;
    let waiting: ConsumerMessages | undefined;
    const loop = (async () => {
      const consumer = await this.js.consumers.get(this.options.stream, WORKERS);
      while (!stopped && !this.nc.isClosed()) {
        try {
          const messages = await this.pull(consumer, options, (pull) => (waiting = pull));
          if (messages.length > 0) await this.work(messages, handle, options.onError);
        } catch (error) {
          if (!stopped && !this.nc.isClosed()) options.onError?.(error);
        }
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        // a stop need not wait out the pull in hand (a job delivered into it just comes again after the ack wait)
        await waiting?.close();
        await loop.catch(() => undefined);
      },
    };
  }

  /**
   * Waits for one job, then takes whatever else is queued up to the batch without waiting: a pull that waited for a
   * full batch would hold a run's last few jobs until it expired.
   */
  private async pull(
    consumer: Consumer,
    options: WorkQueueConsumeOptions,
    onWait: (pull: ConsumerMessages) => void,
  ): Promise<JsMsg[]> {
    const first = await consumer.fetch({ max_messages: 1, expires: options.pullWaitMs ?? DEFAULT_PULL_WAIT_MS });
    onWait(first);
    const messages: JsMsg[] = [];
    for await (const message of first) messages.push(message);
    if (messages.length === 0 || options.batch <= 1) return messages;
    // the simplified consumer API has no "no wait" pull; JetStream's own pull request does
    const rest = this.js.fetch(this.options.stream, WORKERS, { batch: options.batch - 1, no_wait: true });
    for await (const message of rest) messages.push(message);
    return messages;
  }

  private async work(
    messages: JsMsg[],
    handle: (jobs: T[]) => Promise<void>,
    onError?: (error: unknown) => void,
  ): Promise<void> {
    const jobs: T[] = [];
    const taken: JsMsg[] = [];
    for (const m of messages) {
      try {
        const job = this.codec.decode(m.data);
        jobs.push(this.options.validate ? this.options.validate(job) : (job as T));
        taken.push(m);
      } catch (error) {
        m.term();
        this.failures.delete(m.seq);
        onError?.(new InvalidJobError((error as Error).message, m.seq));
      }
    }
    if (taken.length === 0) return;
    // "still working" well within the ack wait, so a long batch is not handed to a second worker
    const progress = setInterval(() => {
      // a dead connection reports nothing more: the job goes back to the queue after the ack wait
      if (this.nc.isClosed()) return clearInterval(progress);
      taken.forEach((m) => m.working());
    }, this.options.ackWaitMs / 3);
    try {
      await handle(jobs);
      await Promise.all(taken.map((m) => m.ackAck()));
      for (const m of taken) this.failures.delete(m.seq);
    } catch (error) {
      for (const m of taken) m.nak(this.redeliveryDelay(m));
      throw error;
    } finally {
      clearInterval(progress);
    }
  }

  /**
   * The wait before a failed job comes again, growing with the times it failed. The server's delivery count alone
   * is not enough: under load a job that failed here twice was seen to come back with the count of its first
   * delivery (a delivery into a pull that had already expired is not always counted). This worker's own count of
   * the job's failures is the floor.
   */
  private redeliveryDelay(m: JsMsg): number {
    const failed = Math.max(m.info.redeliveryCount, (this.failures.get(m.seq) ?? 0) + 1);
    this.failures.set(m.seq, failed);
    return backoffDelay(failed - 1, REDELIVERY_BASE_MS, REDELIVERY_MAX_MS);
  }
}
