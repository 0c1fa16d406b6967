import type { Codec, NatsConnection } from 'nats';
import { backoffDelay } from '@bsc/common';

/** What one stream message carries: consecutive events of one name from one process. */
export interface EventBatch {
  origin: string;
  payloads: unknown[];
}

/** Events per stream message at most: under load many ride on one acknowledgement. */
const BATCH_MAX_EVENTS = 200;
/** Encoded size per stream message at most (the NATS default max_payload is 1 MB). */
const BATCH_MAX_BYTES = 256 * 1024;
/** Events waiting for the stream at most while it cannot be reached; further ones are dropped (and reported). */
export const EVENT_OUTBOX_MAX = 100_000;
const PUBLISH_TIMEOUT_MS = 3_000;
const RETRY_BASE_MS = 100;
const RETRY_MAX_MS = 2_000;

/**
 * Publishes events into the events stream in the order they were written, each stream message acknowledged by
 * JetStream before the next is sent. A message is retried until acknowledged under the same message id, so the
 * stream stores it once (its duplicate window) even when the first attempt was stored and only the acknowledgement
 * was lost; while a stream's leader is being elected after a node died, a plain publish was dropped silently.
 */
export class EventStreamWriter {
  private readonly outbox: Array<{ name: string; payload: unknown }> = [];
  /** Callers of flushed(), each waiting until `done` reaches the count of events written when it was called. */
  private readonly waiting: Array<{ upTo: number; resolve: () => void }> = [];
  private active = false;
  private stopped = false;
  private batches = 0;
  /** Events written (queued) so far, and events done with (acknowledged by the stream, or given up). */
  private written = 0;
  private done = 0;
  /** Since when the head of the outbox has waited for the stream (undefined: nothing waits). */
  private headSince?: number;
  private lastError?: string;

  constructor(
    private readonly nc: NatsConnection,
    private readonly prefix: string,
    private readonly origin: string,
    private readonly codec: Codec<EventBatch>,
    private readonly onError: (name: string, error: unknown) => void,
  ) {}

  write(name: string, payload: unknown): void {
    if (this.stopped) return this.onError(name, new Error('event bus closed: event not published'));
    if (this.outbox.length >= EVENT_OUTBOX_MAX) {
      return this.onError(name, new Error(`event outbox full (${EVENT_OUTBOX_MAX}): event not published`));
    }
    this.outbox.push({ name, payload });
    this.written++;
    if (!this.active) {
      this.active = true;
      void this.pump();
    }
  }

  /** Resolves once every event written so far was acknowledged by the stream (or the writer stopped). */
  flushed(): Promise<void> {
    if (!this.active) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ upTo: this.written, resolve }));
  }

  /** Events waiting for the stream, and how long the first of them has waited since the last acknowledgement. */
  status(now = Date.now()): { pending: number; waitingMs: number; lastError: string | null } {
    const waitingMs = this.headSince === undefined ? 0 : now - this.headSince;
    return { pending: this.outbox.length, waitingMs, lastError: this.lastError ?? null };
  }

  /** Waits up to `timeoutMs` for the outbox to empty, then drops what is left. */
  async stop(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flushed(), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    this.stopped = true;
    if (this.outbox.length > 0) this.onError('events', new Error(`${this.outbox.length} events not published`));
  }

  private async pump(): Promise<void> {
    try {
      while (this.outbox.length > 0 && !this.stopped && !this.nc.isClosed()) {
        const { name, count, data } = this.nextBatch();
        const msgID = `${this.origin}.${++this.batches}`;
        this.headSince ??= Date.now();
        if (!(await this.publish(`${this.prefix}.${name}`, data, msgID, name))) return;
        this.outbox.splice(0, count);
        this.done += count;
        this.headSince = this.outbox.length > 0 ? Date.now() : undefined;
        this.lastError = undefined;
        this.release((w) => w.upTo <= this.done);
      }
    } finally {
      this.active = false;
      this.release(() => true);
    }
  }

  private release(ready: (w: { upTo: number }) => boolean): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (ready(this.waiting[i])) this.waiting.splice(i, 1)[0].resolve();
    }
  }

  /** The first events of the outbox that share a name, within the size bounds; fixed for all retries. */
  private nextBatch(): { name: string; count: number; data: Uint8Array } {
    const name = this.outbox[0].name;
    let count = 1;
    while (count < BATCH_MAX_EVENTS && count < this.outbox.length && this.outbox[count].name === name) count++;
    for (;;) {
      const payloads = this.outbox.slice(0, count).map((e) => e.payload);
      const data = this.codec.encode({ origin: this.origin, payloads });
      if (data.length <= BATCH_MAX_BYTES || count === 1) return { name, count, data };
      count = Math.ceil(count / 2);
    }
  }

  /** True once the stream acknowledged the message; false if the writer stopped or the connection closed first. */
  private async publish(subject: string, data: Uint8Array, msgID: string, name: string): Promise<boolean> {
    const js = this.nc.jetstream({ timeout: PUBLISH_TIMEOUT_MS });
    for (let failures = 0; ; failures++) {
      try {
        await js.publish(subject, data, { msgID, timeout: PUBLISH_TIMEOUT_MS });
        return true;
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.onError(name, error);
        if (this.stopped || this.nc.isClosed()) return false;
        await sleep(backoffDelay(failures, RETRY_BASE_MS, RETRY_MAX_MS, { jitter: 'equal' }));
      }
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
