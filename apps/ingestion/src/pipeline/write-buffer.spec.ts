import { WriteBuffer } from './write-buffer';
import { retryDelayMs } from './write-policy';

const POLICY = {
  batchSize: 3,
  flushIntervalMs: 1,
  bufferBound: 5,
  retry: { baseMs: 10, maxMs: 40, jitter: 0 },
  shutdownFlushMs: 50,
};

/** A sink whose writes complete only when the test says so. */
class SlowSink {
  readonly writes: number[][] = [];
  private readonly gates: Array<{ resolve(): void; reject(e: Error): void }> = [];

  readonly write = (batch: number[]): Promise<void> => {
    this.writes.push([...batch]);
    return new Promise<void>((resolve, reject) => this.gates.push({ resolve, reject }));
  };

  async complete(): Promise<void> {
    await flushMicrotasks();
    this.gates.shift()!.resolve();
    await flushMicrotasks();
  }

  /** Completes the write started last (writes side by side may finish in any order). */
  async completeLast(): Promise<void> {
    await flushMicrotasks();
    this.gates.pop()!.resolve();
    await flushMicrotasks();
  }

  async fail(): Promise<void> {
    await flushMicrotasks();
    this.gates.shift()!.reject(new Error('database down'));
    await flushMicrotasks();
  }

  get open(): number {
    return this.gates.length;
  }
}

const flushMicrotasks = (): Promise<void> => new Promise((r) => setImmediate(r));
const settled = <T>(p: Promise<T>): { done: boolean } => {
  const state = { done: false };
  p.then(
    () => (state.done = true),
    () => (state.done = true),
  );
  return state;
};
/** Lets the fake clock move on by `ms`, running the timers (flush interval, backoff, deadline) that come due. */
const elapse = (ms: number): Promise<void> => jest.advanceTimersByTimeAsync(ms);

describe(WriteBuffer.name, () => {
  // the buffer's flush interval, backoff and shutdown deadline run on a fake clock; setImmediate stays real
  // (flushMicrotasks lets pending promise callbacks run)
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('resolves a push only once all its items are written, in batches of at most batchSize', async () => {
    const sink = new SlowSink();
    const sut = new WriteBuffer(sink.write, POLICY);
    const pushed = settled(sut.push([1, 2, 3, 4]));
    await elapse(POLICY.flushIntervalMs);
    expect(sink.writes).toEqual([[1, 2, 3]]);
    await sink.complete();
    expect(pushed.done).toBe(false);
    await elapse(POLICY.flushIntervalMs);
    expect(sink.writes).toEqual([[1, 2, 3], [4]]);
    await sink.complete();
    expect(pushed.done).toBe(true);
  });

  it('makes producers wait while the buffer is full, and never holds more than its bound', async () => {
    const sink = new SlowSink();
    const depths: number[] = [];
    const sut = new WriteBuffer(sink.write, POLICY, { depth: (d) => depths.push(d) });
    const first = settled(sut.push([1, 2, 3, 4, 5]));
    const second = settled(sut.push([6, 7]));
    await elapse(POLICY.flushIntervalMs);
    expect(sut.depth).toBe(5);
    expect(sut.waiting).toBe(2);
    await sink.complete();
    // 3 written: room for the waiting two.
    expect(sut.depth).toBe(4);
    expect(sut.waiting).toBe(0);
    while (sink.open > 0) await sink.complete();
    await elapse(POLICY.flushIntervalMs);
    while (sink.open > 0) await sink.complete();
    expect(first.done && second.done).toBe(true);
    expect(Math.max(...depths)).toBeLessThanOrEqual(POLICY.bufferBound);
    expect(sink.writes.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('retries a failed write with backoff and drops nothing', async () => {
    const sink = new SlowSink();
    const delays: number[] = [];
    const sut = new WriteBuffer(sink.write, POLICY, { retry: (_e, _a, d) => delays.push(d) }, () => Promise.resolve());
    const pushed = settled(sut.push([1, 2]));
    await elapse(POLICY.flushIntervalMs);
    await sink.fail();
    await sink.fail();
    await sink.complete();
    expect(delays).toEqual([10, 20]);
    expect(sink.writes).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    expect(pushed.done).toBe(true);
  });

  it('sets aside an item the store refuses for good, writes the rest of its batch and goes on', async () => {
    const stored: number[] = [];
    const setAside: number[] = [];
    const attempts: number[][] = [];
    // The store refuses any batch holding 13 (like PostgreSQL refusing 0x00 in text): retrying cannot help.
    const write = (batch: number[]): Promise<void> => {
      attempts.push([...batch]);
      if (batch.includes(13))
        return Promise.reject(Object.assign(new Error('invalid byte sequence'), { permanent: true }));
      stored.push(...batch);
      return Promise.resolve();
    };
    const policy = { ...POLICY, batchSize: 4, bufferBound: 100 };
    const sut = new WriteBuffer(write, policy, {
      isPermanent: (e) => (e as { permanent?: boolean }).permanent === true,
      setAside: (item) => void setAside.push(item),
    });

    await Promise.all([sut.push([11, 12, 13, 14]), sut.push([15])]);

    expect(stored).toEqual([11, 12, 14, 15]);
    expect(setAside).toEqual([13]);
    // [11..14] refused → halves [11,12] stored, [13,14] refused → [13] set aside, [14] stored; then [15].
    expect(attempts).toEqual([[11, 12, 13, 14], [11, 12], [13, 14], [13], [14], [15]]);
  });

  it('keeps retrying a transient failure of a half while it bisects', async () => {
    let failNext = true;
    const setAside: number[] = [];
    const write = (batch: number[]): Promise<void> => {
      if (batch.includes(2)) return Promise.reject(Object.assign(new Error('refused'), { permanent: true }));
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('connection lost'));
      }
      return Promise.resolve();
    };
    const retries: number[] = [];
    const sut = new WriteBuffer(
      write,
      POLICY,
      {
        isPermanent: (e) => (e as { permanent?: boolean }).permanent === true,
        setAside: (i) => void setAside.push(i),
        retry: (_e, a) => retries.push(a),
      },
      () => Promise.resolve(),
    );

    const pushed = sut.push([1, 2]);
    await elapse(POLICY.flushIntervalMs);
    await pushed;

    expect(setAside).toEqual([2]);
    expect(retries).toEqual([1]);
  });

  it('writes what is buffered on close, then refuses new items', async () => {
    const written: number[] = [];
    const sut = new WriteBuffer((b: number[]) => {
      written.push(...b);
      return Promise.resolve();
    }, POLICY);
    const pushed = sut.push([1, 2, 3, 4]);
    await sut.close();
    await expect(pushed).resolves.toBeUndefined();
    expect(written).toEqual([1, 2, 3, 4]);
    await expect(sut.push([5])).rejects.toThrow(/closed/);
  });

  it('counts and rejects what it could not write before the shutdown deadline', async () => {
    const dropped: number[] = [];
    const sut = new WriteBuffer(() => Promise.reject(new Error('down')), POLICY, { dropped: (n) => dropped.push(n) });
    const pushed = sut.push([1, 2, 3, 4]);
    const outcome = pushed.catch((e: Error) => e.message);
    const closed = sut.close();
    // the failing write backs off (10, 20, 40 ms) until the 50 ms deadline gives it up
    await elapse(POLICY.shutdownFlushMs);
    await closed;
    expect(await outcome).toMatch(/deadline/);
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(4);
  });
});

describe(`${WriteBuffer.name} with writes side by side`, () => {
  const SIDE_BY_SIDE = { ...POLICY, bufferBound: 10, concurrentWrites: 2 };
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('starts a second write for a full batch, resolving each push when its own batch is written', async () => {
    const sink = new SlowSink();
    const sut = new WriteBuffer(sink.write, SIDE_BY_SIDE);
    const first = settled(sut.push([1, 2, 3]));
    const second = settled(sut.push([4, 5, 6]));
    const third = settled(sut.push([7]));
    await elapse(SIDE_BY_SIDE.flushIntervalMs);
    // two full batches run; 7 (a partial batch) waits: a third write is over the limit
    expect(sink.writes).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    await sink.completeLast();
    expect([first.done, second.done, third.done]).toEqual([false, true, false]);
    expect(sut.depth).toBe(4);
    // a partial batch does not start beside a running write: it joins the next write once that one is done
    await elapse(SIDE_BY_SIDE.flushIntervalMs);
    expect(sink.writes).toHaveLength(2);
    await sink.complete();
    expect(first.done).toBe(true);
    await elapse(SIDE_BY_SIDE.flushIntervalMs);
    expect(sink.writes[2]).toEqual([7]);
    await sink.complete();
    expect(third.done).toBe(true);
    expect(sut.depth).toBe(0);
  });

  it('never runs more than concurrentWrites writes, and a partial batch alone waits for no one', async () => {
    const sink = new SlowSink();
    const sut = new WriteBuffer(sink.write, SIDE_BY_SIDE);
    const partial = settled(sut.push([1]));
    await elapse(SIDE_BY_SIDE.flushIntervalMs);
    expect(sink.writes).toEqual([[1]]);
    const rest = settled(sut.push([2, 3, 4, 5, 6, 7, 8, 9, 10]));
    await elapse(SIDE_BY_SIDE.flushIntervalMs);
    // bound 10: all admitted; one write beside the running one, the other two batches wait
    expect(sink.writes).toEqual([[1], [2, 3, 4]]);
    expect(sink.open).toBe(2);
    await sink.complete();
    expect(partial.done).toBe(true);
    expect(sink.writes).toEqual([[1], [2, 3, 4], [5, 6, 7]]);
    expect(sink.open).toBe(2);
    await sink.complete();
    await sink.complete();
    await elapse(SIDE_BY_SIDE.flushIntervalMs);
    expect(sink.writes[3]).toEqual([8, 9, 10]);
    await sink.complete();
    expect(rest.done).toBe(true);
  });

  it('at shutdown rejects the pushes of every batch still being written', async () => {
    const dropped: number[] = [];
    const sut = new WriteBuffer(() => Promise.reject(new Error('down')), SIDE_BY_SIDE, {
      dropped: (n) => dropped.push(n),
    });
    const outcome = sut.push([1, 2, 3, 4, 5, 6, 7]).catch((e: Error) => e.message);
    const closed = sut.close();
    await elapse(SIDE_BY_SIDE.shutdownFlushMs);
    await closed;
    expect(await outcome).toMatch(/deadline/);
    // two batches of 3 retrying side by side and 1 queued: all 7 counted as dropped
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(7);
  });
});

describe(retryDelayMs.name, () => {
  it.each([
    [1, 0.5, 100],
    [2, 0.5, 200],
    [10, 0.5, 10_000],
    [1, 1, 120],
    [1, 0, 80],
  ])('attempt %i with random %d waits %i ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, { baseMs: 100, maxMs: 10_000, jitter: 0.2 }, () => random)).toBe(expected);
  });
});
