import { randomUUID } from 'node:crypto';
import { AckPolicy, connect, nanos, ReplayPolicy, RetentionPolicy, type NatsConnection } from 'nats';
import { InvalidJobError, JetStreamWorkQueue } from '@bsc/events';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

interface Job {
  id: string;
}

/** A worker process: its own connection, the jobs it finished, and a way to die. */
interface Worker {
  nc: NatsConnection;
  queue: JetStreamWorkQueue<Job>;
  done: string[];
}

describe(JetStreamWorkQueue.name, () => {
  const connections: NatsConnection[] = [];
  const stops: Array<() => Promise<void>> = [];
  let stream: string;

  const open = async (validate?: (job: unknown) => Job): Promise<Worker> => {
    const nc = await connect({ servers: NATS_URL });
    connections.push(nc);
    const queue = await JetStreamWorkQueue.open<Job>(nc, {
      stream,
      subject: `test.jobs.${stream}`,
      ackWaitMs: 1_000,
      validate,
    });
    return { nc, queue, done: [] };
  };
  /** Starts pulling; `handle` defaults to recording the job after a short pause (so both workers get a share). */
  const start = (
    worker: Worker,
    handle?: (jobs: Job[]) => Promise<void>,
    errors?: unknown[],
    pull = { batch: 2, pullWaitMs: 1_000 },
  ): void => {
    const { stop } = worker.queue.consume(
      handle ??
        (async (jobs) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          worker.done.push(...jobs.map((j) => j.id));
        }),
      { ...pull, onError: (error) => errors?.push(error) },
    );
    stops.push(stop);
  };
  const until = async (condition: () => boolean): Promise<void> => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 25));
  };

  beforeEach(() => {
    stream = `TEST_JOBS_${randomUUID().replace(/-/g, '')}`;
  });
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
    const nc = await connect({ servers: NATS_URL });
    await (await nc.jetstreamManager()).streams.delete(stream).catch(() => false);
    await nc.close();
    for (const c of connections.splice(0)) if (!c.isClosed()) await c.close();
  });

  it('shares 20 jobs between two workers, each job done exactly once', async () => {
    const [a, b] = [await open(), await open()];
    const ids = Array.from({ length: 20 }, (_, i) => `job-${String(i).padStart(2, '0')}`);
    for (const id of ids) expect(await a.queue.enqueue({ id }, id)).toBe(true);
    start(a);
    start(b);

    await until(() => a.done.length + b.done.length >= 20);
    await Promise.all(stops.splice(0).map((stop) => stop()));

    expect([...a.done, ...b.done].sort()).toEqual(ids);
    expect(a.done.length).toBeGreaterThan(0);
    expect(b.done.length).toBeGreaterThan(0);
    expect(await a.queue.pending()).toBe(0);
  });

  it('hands over a lone job at once, not when a pull for a whole batch expires', async () => {
    const worker = await open();
    let handledAt = 0;
    start(
      worker,
      (jobs) => {
        handledAt = Date.now();
        worker.done.push(...jobs.map((j) => j.id));
        return Promise.resolve();
      },
      undefined,
      { batch: 50, pullWaitMs: 20_000 },
    );
    const queuedAt = Date.now();
    await worker.queue.enqueue({ id: 'alone' }, 'alone');
    await until(() => worker.done.length === 1);
    expect(worker.done).toEqual(['alone']);
    // the batch's pull would have waited 20 s for 49 more jobs
    expect(handledAt - queuedAt).toBeLessThan(20_000);
  }, 25_000);

  it('queues a job id once within the de-duplication window', async () => {
    const worker = await open();
    expect(await worker.queue.enqueue({ id: 'x' }, 'run-1:kpi-x')).toBe(true);
    expect(await worker.queue.enqueue({ id: 'x' }, 'run-1:kpi-x')).toBe(false);
    expect(await worker.queue.pending()).toBe(1);
  });

  it('tells why its stream cannot be created, not that it was not found', async () => {
    const other = `${stream}_OTHER`;
    const admin = await connect({ servers: NATS_URL });
    connections.push(admin);
    const jsm = await admin.jetstreamManager();
    await jsm.streams.add({ name: other, subjects: [`test.jobs.${stream}`] });
    try {
      // nats-server refuses a second stream on the subject: "subjects overlap with an existing stream" (10065)
      await expect(open()).rejects.toThrow('subjects overlap with an existing stream');
    } finally {
      await jsm.streams.delete(other);
    }
  });

  it("tells why its workers' consumer cannot take the settings, naming the queue", async () => {
    // a consumer left by another version with a setting JetStream cannot change in place (its replay policy)
    const admin = await connect({ servers: NATS_URL });
    connections.push(admin);
    const jsm = await admin.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: [`test.jobs.${stream}`], retention: RetentionPolicy.Workqueue });
    await jsm.consumers.add(stream, {
      durable_name: 'workers',
      ack_policy: AckPolicy.Explicit,
      replay_policy: ReplayPolicy.Original,
    });
    // the server's own reason (10012), not the "consumer not found" or the like a fallback request answered
    await expect(open()).rejects.toThrow(`work queue ${stream}: consumer workers: replay policy can not be updated`);
  });

  it('brings its consumer to the ack wait of the version that opens it last', async () => {
    await open();
    const later = await connect({ servers: NATS_URL });
    connections.push(later);
    await JetStreamWorkQueue.open<Job>(later, { stream, subject: `test.jobs.${stream}`, ackWaitMs: 5_000 });
    const info = await (await later.jetstreamManager()).consumers.info(stream, 'workers');
    expect(info.config.ack_wait).toBe(nanos(5_000));
  });

  it('gives the job of a worker that died before acknowledging to another worker', async () => {
    const doomed = await open();
    const taken: string[] = [];
    start(doomed, async (jobs) => {
      taken.push(...jobs.map((j) => j.id));
      await new Promise<never>(() => undefined); // dies while working: never acknowledges
    });
    await doomed.queue.enqueue({ id: 'only-job' }, 'only-job');
    await until(() => taken.length === 1);
    await doomed.nc.close();
    stops.splice(0); // its loop hangs with the process it stands for

    const survivor = await open();
    start(survivor);
    await until(() => survivor.done.length === 1);

    expect(taken).toEqual(['only-job']);
    expect(survivor.done).toEqual(['only-job']);
    expect(await survivor.queue.pending()).toBe(0);
  });

  it('drops messages that are no jobs (reported, never delivered again) and does the jobs around them', async () => {
    const validate = (value: unknown): Job => {
      if (typeof (value as Job | null)?.id !== 'string') throw new Error('no job id');
      return value as Job;
    };
    const worker = await open(validate);
    const errors: unknown[] = [];
    const subject = `test.jobs.${stream}`;
    await worker.queue.enqueue({ id: 'first' }, 'first');
    await worker.nc.jetstream().publish(subject, new TextEncoder().encode('{"id": '));
    await worker.nc.jetstream().publish(subject, new TextEncoder().encode('null'));
    await worker.queue.enqueue({ id: 'last' }, 'last');
    start(worker, undefined, errors);

    await until(() => worker.done.length === 2 && errors.length === 2);
    expect(worker.done).toEqual(['first', 'last']);
    expect(errors.map((e) => (e as Error).message)).toEqual([
      expect.stringMatching(/^invalid job \(stream sequence 2\): .*JSON/),
      'invalid job (stream sequence 3): no job id',
    ]);
    expect(errors.every((e) => e instanceof InvalidJobError)).toBe(true);
    // terminated: nothing waits or comes again
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(errors).toHaveLength(2);
    expect(await worker.queue.pending()).toBe(0);
  });

  it('gives a failed batch back after a delay growing with each delivery, not at once', async () => {
    const worker = await open();
    const deliveries: number[] = [];
    start(worker, (jobs) => {
      deliveries.push(Date.now());
      if (deliveries.length < 3) return Promise.reject(new Error('database away'));
      worker.done.push(...jobs.map((j) => j.id));
      return Promise.resolve();
    });
    await worker.queue.enqueue({ id: 'retried' }, 'retried');
    await until(() => worker.done.length === 1);
    expect(worker.done).toEqual(['retried']);
    // 1 s after the first failure, 2 s after the second (less the client's own latency)
    expect(deliveries[1] - deliveries[0]).toBeGreaterThanOrEqual(900);
    expect(deliveries[2] - deliveries[1]).toBeGreaterThanOrEqual(1_800);
  });
});
