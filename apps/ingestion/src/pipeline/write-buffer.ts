import { writeAroundRefused, type RefusedItem } from '@bsc/common';
import { retryDelayMs, type WritePolicy } from './write-policy';

/** Thrown through the halving when a shutdown gave the batch up. */
class GivenUp extends Error {}

export interface WriteBufferHooks<T = unknown> {
  /** Called whenever the number of buffered items changes. */
  depth?(depth: number): void;
  /** A write failed and will be retried after `delayMs`. */
  retry?(error: unknown, attempt: number, delayMs: number): void;
  /** Items that were accepted but could not be written before shutdown. */
  dropped?(count: number, error: unknown): void;
  /** True when retrying cannot make this write succeed (the data is refused, not the connection). */
  isPermanent?(error: unknown): boolean;
  /**
   * One item the store refused for good (found by splitting its batch): the buffer counts it as done and goes on,
   * so it cannot block what comes after it. The hook keeps it somewhere (a dead letter, a quarantine).
   */
  setAside?(item: T, error: unknown): void | Promise<void>;
}

interface Ticket {
  remaining: number;
  resolve(): void;
  reject(error: unknown): void;
}

interface Chunk<T> {
  items: readonly T[];
  start: number;
  ticket: Ticket;
}

interface Waiter<T> {
  items: readonly T[];
  ticket: Ticket;
}

type Policy = Pick<WritePolicy, 'batchSize' | 'flushIntervalMs' | 'bufferBound' | 'retry' | 'shutdownFlushMs'> & {
  /** Most writes running at once (default 1); a further one starts only when a full batch waits. */
  readonly concurrentWrites?: number;
};

interface Taken<T> {
  batch: T[];
  portions: Map<Ticket, number>;
}

export class BufferClosedError extends Error {
  constructor(message = 'write buffer is closed') {
    super(message);
    this.name = 'BufferClosedError';
  }
}

/**
 * A bounded, batching write buffer. `push` resolves once every item it brought is written and waits while the
 * buffer is full, so producers slow down instead of memory growing. Failed writes are retried with backoff and
 * never dropped while the process runs; only a shutdown that outlasts its deadline drops (and reports) items.
 * A write refused for a reason retrying cannot fix (`isPermanent`) is split in halves until the refused items are
 * alone; those are handed to `setAside` and the rest is written, so one poison item never blocks the stream.
 * With `concurrentWrites` above 1, full batches that queue up while a write runs are written side by side (a store
 * with a connection pool overlaps their round trips); items are acknowledged per batch, whichever finishes first.
 */
export class WriteBuffer<T> {
  private readonly chunks: Chunk<T>[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private buffered = 0;
  /** Admitted items not yet taken into a write. */
  private queued = 0;
  private writing = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private closing = false;
  private closedError: unknown;
  private idle: (() => void) | undefined;
  private readonly inFlight = new Set<Taken<T>>();

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly policy: Policy,
    private readonly hooks: WriteBufferHooks<T> = {},
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  get depth(): number {
    return this.buffered;
  }

  /** Items waiting for room (not yet admitted to the buffer). */
  get waiting(): number {
    return this.waiters.reduce((n, w) => n + w.items.length, 0);
  }

  push(items: readonly T[]): Promise<void> {
    if (this.closing) return Promise.reject(new BufferClosedError());
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const ticket: Ticket = { remaining: items.length, resolve, reject };
      if (this.waiters.length === 0 && this.hasRoom(items.length)) this.admit(items, ticket);
      else this.waiters.push({ items, ticket });
    });
  }

  /** Writes what is buffered (retrying up to the shutdown deadline), then refuses new items. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const drained = new Promise<void>((resolve) => (this.idle = resolve));
    this.kick(true);
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      deadline = setTimeout(() => resolve(true), this.policy.shutdownFlushMs);
    });
    const expired = await Promise.race([drained.then(() => false), timedOut]);
    clearTimeout(deadline);
    if (expired || this.buffered + this.waiting > 0)
      this.dropAll(new BufferClosedError('shutdown deadline passed before the buffer was written'));
  }

  private hasRoom(n: number): boolean {
    // An oversized push is admitted alone into an empty buffer rather than waiting forever.
    return this.buffered === 0 || this.buffered + n <= this.policy.bufferBound;
  }

  private admit(items: readonly T[], ticket: Ticket): void {
    this.chunks.push({ items, start: 0, ticket });
    this.buffered += items.length;
    this.queued += items.length;
    this.hooks.depth?.(this.buffered);
    this.kick(false);
  }

  private admitWaiters(): void {
    while (this.waiters.length > 0 && this.hasRoom(this.waiters[0].items.length)) {
      const next = this.waiters.shift()!;
      this.admit(next.items, next.ticket);
    }
  }

  private kick(now: boolean): void {
    if (this.buffered === 0 && this.waiters.length === 0 && this.writing === 0) this.idle?.();
    const concurrent = Math.max(1, this.policy.concurrentWrites ?? 1);
    // a write beside one already running only for a full batch: under light load one writer keeps batches whole
    while (this.queued > 0 && this.writing > 0 && this.writing < concurrent && this.queued >= this.policy.batchSize)
      void this.flush();
    if (this.writing > 0 || this.queued === 0) return;
    if (now || this.closing || this.queued >= this.policy.batchSize) {
      clearTimeout(this.timer);
      clearImmediate(this.immediate);
      this.timer = undefined;
      this.immediate = undefined;
      void this.flush();
      this.kick(false);
    } else if (!this.timer && !this.immediate) {
      const run = (): void => {
        this.timer = undefined;
        this.immediate = undefined;
        this.kick(true);
      };
      // Interval 0: write once the event loop has read what is pending (group commit without a fixed wait).
      if (this.policy.flushIntervalMs > 0) this.timer = setTimeout(run, this.policy.flushIntervalMs);
      else this.immediate = setImmediate(run);
    }
  }

  private async flush(): Promise<void> {
    if (this.queued === 0) return;
    this.writing += 1;
    const taken = this.take();
    const { batch, portions } = taken;
    this.inFlight.add(taken);
    const written = await this.store(batch);
    this.writing -= 1;
    this.inFlight.delete(taken);
    // After a drop at shutdown these tickets were already rejected; resolving them again is a no-op.
    if (written && this.closedError === undefined) {
      for (const [ticket, n] of portions) {
        ticket.remaining -= n;
        if (ticket.remaining === 0) ticket.resolve();
      }
    }
    if (this.closedError === undefined) this.buffered -= batch.length;
    this.hooks.depth?.(this.buffered);
    this.admitWaiters();
    // Items that arrived during the write form the next batch at once (group commit).
    this.kick(this.buffered > 0 && this.closedError === undefined);
  }

  /**
   * Writes the batch, retrying transient failures; items refused for good are found by halving (about 2·log2(batch)
   * writes find one poison item among a thousand) and set aside. False when a shutdown gave the batch up.
   */
  private async store(batch: T[]): Promise<boolean> {
    const isPermanent = (error: unknown) => this.hooks.isPermanent?.(error) ?? false;
    let refused: RefusedItem<T>[];
    try {
      ({ refused } = await writeAroundRefused(batch, (part) => this.retrying(part), isPermanent));
    } catch (error) {
      if (error instanceof GivenUp) return false;
      throw error;
    }
    for (const { item, error } of refused) {
      try {
        await this.hooks.setAside?.(item, error);
      } catch (failure) {
        // Nowhere to keep it (shutting down): it is given up like any item unwritten at shutdown.
        this.hooks.dropped?.(1, failure);
      }
    }
    return true;
  }

  /** One write, retried until it succeeds or is refused for good; GivenUp once a shutdown gave it up. */
  private async retrying(batch: T[]): Promise<never[]> {
    let attempt = 0;
    for (;;) {
      try {
        await this.write(batch);
        return [];
      } catch (error) {
        if (this.closedError !== undefined) throw new GivenUp();
        if (this.hooks.isPermanent?.(error)) throw error;
        attempt += 1;
        const delay = retryDelayMs(attempt, this.policy.retry);
        this.hooks.retry?.(error, attempt, delay);
        await this.sleep(delay);
        if (this.closedError !== undefined) throw new GivenUp();
      }
    }
  }

  private take(): Taken<T> {
    const batch: T[] = [];
    const portions = new Map<Ticket, number>();
    while (batch.length < this.policy.batchSize && this.chunks.length > 0) {
      const chunk = this.chunks[0];
      const n = Math.min(this.policy.batchSize - batch.length, chunk.items.length - chunk.start);
      for (let i = chunk.start; i < chunk.start + n; i++) batch.push(chunk.items[i]);
      chunk.start += n;
      portions.set(chunk.ticket, (portions.get(chunk.ticket) ?? 0) + n);
      if (chunk.start === chunk.items.length) this.chunks.shift();
    }
    this.queued -= batch.length;
    return { batch, portions };
  }

  private dropAll(error: unknown): void {
    this.closedError = error;
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    let unwritten = 0;
    const tickets = new Set<Ticket>();
    for (const c of this.chunks) {
      unwritten += c.items.length - c.start;
      tickets.add(c.ticket);
    }
    let dropped = unwritten;
    for (const taken of this.inFlight) {
      // Batches being retried are given up too: their producers learn they were not stored (no ack, redelivery).
      dropped += taken.batch.length;
      for (const t of taken.portions.keys()) tickets.add(t);
    }
    for (const w of this.waiters) {
      dropped += w.items.length;
      tickets.add(w.ticket);
    }
    this.chunks.length = 0;
    this.waiters.length = 0;
    this.buffered = 0;
    this.queued = 0;
    this.hooks.depth?.(0);
    if (dropped > 0) this.hooks.dropped?.(dropped, error);
    for (const t of tickets) t.reject(error);
  }
}
