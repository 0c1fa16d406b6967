import { AckPolicy, DeliverPolicy, nanos, StringCodec, type Consumer, type JsMsg, type NatsConnection } from 'nats';
import { backoffDelay } from '@bsc/common';
import type { LeaseKeeper, LeaseSet } from '../lease/lease-keeper';
import { decodeRebuild, decodeSample, LogEntryError, type LoggedSample } from '../sample-log/sample-codec';
import { LOG_ENTRY_HEADER, partitionSubject, type JetStreamSampleLog } from '../sample-log/jetstream-sample-log';
import type { PartitionHandler, RejectedEntry, RelayedEntries } from './partition-handler';

export interface PartitionConsumerOptions {
  partitions: number;
  /** Largest batch handed over at once. */
  batchSize?: number;
  /** How long one fetch waits for messages when the partition is idle. */
  fetchWaitMs?: number;
  onError?(error: unknown): void;
}

const DEFAULT_BATCH = 500;
const DEFAULT_FETCH_WAIT_MS = 1_000;
/** The client refuses shorter pull expiries. */
const MIN_FETCH_WAIT_MS = 1_000;
/**
 * A message the server sent just as a fetch ended on our side is dropped by the client and comes again only after
 * the ack wait (measured: every run lagged by exactly the ack wait), so it is short; a batch in hand reports progress
 * every half of it, so a slow batch is not redelivered meanwhile.
 */
const ACK_WAIT_MS = 4_000;
/** A batch the handler failed on (database away) is retried after 0.5 s, doubling up to 30 s. */
const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 30_000;

/** A held partition whose work in hand (its takeover, or a batch) has not been done since `sinceMs` ago. */
export interface StuckPartition {
  partition: number;
  sinceMs: number;
  /** The last failure meanwhile (null: none; the work has not returned). */
  error: string | null;
}

export const partitionLeaseName = (partition: number): string => `partition.${partition}`;
export const partitionConsumerName = (stream: string, partition: number): string => `${stream}_kpi_${partition}`;

interface Owned {
  running: boolean;
  /** The lease revision it was acquired at: grows with every acquisition, so a successor's is always higher. */
  token: number;
  loop: Promise<void>;
  /** Set when it is given up: resolves once the loop ended and the handler stopped the partition. */
  stopped?: Promise<void>;
  /** When the work in hand (the handler's start, or a fetched batch) began to wait; cleared once it is done. */
  pendingSince?: number;
  lastError?: string;
}

/**
 * Consumes the partitions this process owns: contends for balanced partition leases and, for each one held, reads its
 * subject through a durable pull consumer in order, handing batches to the handler and acknowledging them after it.
 * A partition whose lease is lost stops after the batch in hand; its successor resumes from the last acknowledgement.
 */
export class PartitionConsumers {
  private readonly owned = new Map<number, Owned>();
  private leases?: LeaseSet;
  private readonly codec = StringCodec();

  constructor(
    private readonly nc: NatsConnection,
    private readonly log: JetStreamSampleLog,
    private readonly keeper: LeaseKeeper,
    private readonly handler: PartitionHandler,
    private readonly options: PartitionConsumerOptions,
  ) {}

  start(): void {
    const names = Array.from({ length: this.options.partitions }, (_, p) => partitionLeaseName(p));
    this.leases = this.keeper.contend(names, {
      balance: true,
      onAcquired: (name, revision) => this.own(partitionOf(name), revision),
      onLost: (name) => this.disown(partitionOf(name)),
    });
  }

  /** Partitions being consumed now. */
  partitions(): number[] {
    return [...this.owned.keys()].sort((a, b) => a - b);
  }

  /**
   * The fencing token of a partition still ours (undefined from the moment its lease is lost, before its batch in
   * hand ends): writes made for it carry the token, and the
   * database refuses them once a successor wrote with its higher one, even if this process has not noticed its loss.
   */
  fence(partition: number): number | undefined {
    const state = this.owned.get(partition);
    return state?.running ? state.token : undefined;
  }

  /**
   * Held partitions whose work in hand has waited at least `afterMs`: the handler keeps failing on a batch (and it
   * comes again after a backoff) or has not returned. Nothing waits while a partition is idle.
   */
  stuck(afterMs: number, now = Date.now()): StuckPartition[] {
    const stuck: StuckPartition[] = [];
    for (const [partition, state] of this.owned) {
      if (!state.running || state.pendingSince === undefined || now - state.pendingSince < afterMs) continue;
      stuck.push({ partition, sinceMs: now - state.pendingSince, error: state.lastError ?? null });
    }
    return stuck.sort((a, b) => a.partition - b.partition);
  }

  async close(): Promise<void> {
    await this.leases?.release();
    await Promise.all([...this.owned.keys()].map((p) => this.disown(p)));
  }

  private own(partition: number, token: number): void {
    const previous = this.owned.get(partition);
    if (previous?.running) return;
    const state: Owned = { running: true, token, loop: Promise.resolve() };
    // lost and regained before its old loop ended (a renewal late under load): the new loop starts once the old
    // one and its handler stopped; returning here instead left a held partition that nobody read
    state.loop = (previous?.stopped ?? Promise.resolve())
      .then(() => this.consume(partition, state))
      .catch((error: unknown) => this.options.onError?.(error));
    this.owned.set(partition, state);
  }

  private async disown(partition: number): Promise<void> {
    const state = this.owned.get(partition);
    if (!state?.running) return state?.stopped;
    state.running = false;
    state.stopped = state.loop.then(() => this.handler.stop?.(partition));
    await state.stopped;
    if (this.owned.get(partition) === state) this.owned.delete(partition);
  }

  /** Retries whatever fails (NATS or the database away) until the partition is given up. */
  private async consume(partition: number, state: Owned): Promise<void> {
    let started = false;
    let failures = 0;
    while (state.running) {
      try {
        const consumer = await this.consumer(partition);
        if (!started) {
          waiting(state);
          await this.handler.start?.(partition);
          done(state);
        }
        started = true;
        await this.drain(partition, state, consumer, () => {
          failures = 0;
          done(state);
        });
      } catch (error) {
        state.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
        await sleep(backoffDelay(failures++, RETRY_BASE_MS, RETRY_MAX_MS, { jitter: 'equal' }));
      }
    }
  }

  /**
   * A fresh durable consumer for the new owner. The log is a work queue, so the stream holds exactly the messages no
   * owner acknowledged, and a new consumer delivers them in order at once, instead of after the ack wait of what the
   * previous owner had fetched.
   */
  private async consumer(partition: number): Promise<Consumer> {
    const durable = partitionConsumerName(this.log.stream, partition);
    const jsm = await this.nc.jetstreamManager();
    await jsm.consumers.delete(this.log.stream, durable).catch(() => undefined);
    await jsm.consumers.add(this.log.stream, {
      durable_name: durable,
      filter_subject: partitionSubject(partition, this.log.subjectPrefix),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      // one batch in flight: a batch that failed comes again before anything after it
      max_ack_pending: this.options.batchSize ?? DEFAULT_BATCH,
    });
    return this.nc.jetstream().consumers.get(this.log.stream, durable);
  }

  private async drain(partition: number, state: Owned, consumer: Consumer, progressed: () => void): Promise<void> {
    while (state.running) {
      const batch: JsMsg[] = [];
      const messages = await consumer.fetch({
        max_messages: this.options.batchSize ?? DEFAULT_BATCH,
        expires: Math.max(MIN_FETCH_WAIT_MS, this.options.fetchWaitMs ?? DEFAULT_FETCH_WAIT_MS),
      });
      for await (const m of messages) batch.push(m);
      if (batch.length === 0) continue;
      waiting(state);
      // the lease went while the fetch waited: leave the batch to the successor
      if (!state.running) {
        for (const m of batch) m.nak();
        return;
      }
      const working = setInterval(() => {
        for (const m of batch) m.working();
      }, ACK_WAIT_MS / 2);
      try {
        const { samples, relayed, rejected } = this.decode(partition, batch);
        if (rejected.length < batch.length) await this.handler.handle(partition, samples, relayed);
        if (rejected.length > 0) await this.reject(partition, rejected);
      } catch (error) {
        for (const m of batch) m.nak();
        throw error;
      } finally {
        clearInterval(working);
      }
      progressed();
      for (const m of batch) m.ack();
    }
  }

  private decode(
    partition: number,
    batch: readonly JsMsg[],
  ): { samples: LoggedSample[]; relayed: RelayedEntries; rejected: RejectedEntry[] } {
    const samples: LoggedSample[] = [];
    const relayed: RelayedEntries = { forwarded: [], rebuilds: [] };
    const rejected: RejectedEntry[] = [];
    for (const m of batch) {
      try {
        const text = this.codec.decode(m.data);
        const kind = m.headers?.get(LOG_ENTRY_HEADER);
        if (kind === 'rebuild') relayed.rebuilds.push(decodeRebuild(text, partition));
        else (kind === 'forwarded' ? relayed.forwarded : samples).push(decodeSample(text));
      } catch (error) {
        if (!(error instanceof LogEntryError)) throw error;
        const detail = `${error.message} (partition ${partition}, stream sequence ${m.seq})`;
        rejected.push({ subject: m.subject, seq: m.seq, raw: m.data, detail });
      }
    }
    return { samples, relayed, rejected };
  }

  private async reject(partition: number, entries: RejectedEntry[]): Promise<void> {
    if (this.handler.reject) return this.handler.reject(partition, entries);
    for (const entry of entries) this.options.onError?.(new LogEntryError(`dropped: ${entry.detail}`));
  }
}

/** Work is in hand: it waits from now, unless it already did (a batch that came again after a failure). */
function waiting(state: Owned): void {
  if (state.pendingSince !== undefined) return;
  state.pendingSince = Date.now();
  state.lastError = undefined;
}

/** The work in hand was done: nothing waits. */
function done(state: Owned): void {
  state.pendingSince = undefined;
  state.lastError = undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function partitionOf(name: string): number {
  return Number(name.slice(name.lastIndexOf('.') + 1));
}
