import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import {
  type ContendOptions,
  JetStreamLeaseStore,
  JetStreamSampleLog,
  LeaseKeeper,
  PartitionConsumers,
  partitionSubject,
  sampleMessageId,
  type LoggedSample,
  type PartitionHandler,
  type RebuildMarker,
  type RejectedEntry,
  type RelayedEntries,
} from '@bsc/cluster';
import { until } from '../../../scripts/rig/wait';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const TTL = 1_500;
const PARTITIONS = 4;
const SIGNALS = 20;
const N = 2_000;
const T0 = Date.UTC(2026, 0, 5);

/** A rebalance or a takeover waits out lease rounds and an expiry: seconds, more on a busy machine. */
const SETTLE_MS = 30_000;

const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs: number, state?: () => string) =>
  void (await until(async () => condition(), timeoutMs, state));

/** signal s<i> lives in partition i mod 4; sample k is signal s<k mod 20> at T0 + k seconds. */
const partitionOf = (s: LoggedSample): number => Number(s.signalId.slice(1)) % PARTITIONS;
const sample = (k: number): LoggedSample => ({
  signalId: `s${k % SIGNALS}`,
  ts: T0 + k * 1_000,
  value: 1,
  quality: 'good',
  source: 'test',
  receivedAt: T0,
});

/**
 * A stand-in for the database and the KPI engine: the store is idempotent on the sample identity, and a worker's
 * "KPI" per partition is a count rebuilt from the store when it takes the partition over, then raised by new samples.
 */
class Plant {
  readonly stored = new Map<string, number>();
  readonly handled: number[] = [];
  /** Which worker handles each partition at this moment, to catch two at once. */
  readonly active = new Map<number, string>();
  overlaps = 0;
  readonly errors: unknown[] = [];

  worker(name: string, counts: Map<number, number>): PartitionHandler {
    return {
      start: (partition) => {
        let count = 0;
        for (const p of this.stored.values()) if (p === partition) count += 1;
        counts.set(partition, count);
        return Promise.resolve();
      },
      handle: async (partition, samples) => {
        if ((this.active.get(partition) ?? name) !== name) this.overlaps += 1;
        this.active.set(partition, name);
        this.handled.push(samples.length);
        for (const s of samples) {
          const id = sampleMessageId(s);
          if (this.stored.has(id)) continue;
          this.stored.set(id, partition);
          counts.set(partition, (counts.get(partition) ?? 0) + 1);
        }
        await new Promise((r) => setTimeout(r, 5));
        this.active.delete(partition);
      },
    };
  }
}

describe(PartitionConsumers.name, () => {
  const connections: NatsConnection[] = [];
  const keepers: LeaseKeeper[] = [];
  const id = randomUUID().replace(/-/g, '');
  const logOptions = { stream: `TEST_SAMPLES_${id}`, subjectPrefix: `test.${id}.samples` };
  const bucket = `test_leases_${id}`;

  const worker = async (name: string, plant: Plant) => {
    const nc = await connect({ servers: NATS_URL });
    connections.push(nc);
    const keeper = new LeaseKeeper(await JetStreamLeaseStore.open(nc, { bucket, ttlMs: TTL }), {
      holder: `${name}-${randomUUID()}`,
    });
    keepers.push(keeper);
    const counts = new Map<number, number>();
    const sut = new PartitionConsumers(
      nc,
      await JetStreamSampleLog.open(nc, logOptions),
      keeper,
      plant.worker(name, counts),
      {
        partitions: PARTITIONS,
        batchSize: 100,
        fetchWaitMs: 1_000,
        onError: (error: unknown) => plant.errors.push(error),
      },
    );
    sut.start();
    return { nc, sut, counts };
  };

  /** A log of its own (`name`) and a lease keeper whose grants the test makes by hand. */
  const driven = async (name: string) => {
    const options = { stream: `TEST_${name.toUpperCase()}_${id}`, subjectPrefix: `test.${id}.${name}` };
    const nc = await connect({ servers: NATS_URL });
    connections.push(nc);
    const log = await JetStreamSampleLog.open(nc, options);
    let leases: ContendOptions = {};
    const keeper = {
      contend: (_names: readonly string[], contended: ContendOptions) => {
        leases = contended;
        return { held: () => [], release: () => Promise.resolve() };
      },
    } as unknown as LeaseKeeper;
    const drop = async () => {
      await (await nc.jetstreamManager()).streams.delete(options.stream).catch(() => false);
    };
    return { nc, log, keeper, leases: () => leases, drop };
  };

  afterAll(async () => {
    await Promise.all(keepers.map((k) => k.close().catch(() => undefined)));
    const admin = await connect({ servers: NATS_URL });
    await (await admin.jetstreamManager()).streams.delete(logOptions.stream);
    await (await admin.jetstream().views.kv(bucket)).destroy();
    await admin.close();
    await Promise.all(connections.filter((c) => !c.isClosed()).map((c) => c.close()));
  });

  it('splits the partitions over two workers and, when one is cut off, the other resumes its partitions: nothing lost, nothing counted twice', async () => {
    const plant = new Plant();
    const publisher = await connect({ servers: NATS_URL });
    connections.push(publisher);
    const log = await JetStreamSampleLog.open(publisher, logOptions);
    const a = await worker('a', plant);
    const b = await worker('b', plant);
    const held = () => `a holds ${JSON.stringify(a.sut.partitions())}, b ${JSON.stringify(b.sut.partitions())}`;
    await waitFor(() => a.sut.partitions().length === 2 && b.sut.partitions().length === 2, SETTLE_MS, held);

    const all = Array.from({ length: N }, (_, k) => sample(k));
    await log.append(all.slice(0, N / 2), partitionOf);
    await waitFor(() => plant.stored.size >= N / 4, 10_000);

    // a loses NATS mid-stream: whatever it handled but did not acknowledge comes again to b
    await a.nc.close();
    await log.append(all.slice(N / 2), partitionOf);
    await waitFor(() => b.sut.partitions().length === PARTITIONS, SETTLE_MS, held);
    await waitFor(() => plant.stored.size === N, 20_000);

    // 2,000 samples over 4 partitions by signal (s0..s19, 100 samples each): 5 signals × 100 = 500 per partition
    await waitFor(
      () => [0, 1, 2, 3].every((p) => b.counts.get(p) === 500),
      SETTLE_MS,
      () => `b counted ${JSON.stringify([...b.counts])}`,
    );
    expect([0, 1, 2, 3].map((p) => b.counts.get(p))).toEqual([500, 500, 500, 500]);
    expect(plant.stored.size).toBe(N);
    expect(plant.overlaps).toBe(0);
    await b.sut.close();
  }, 60_000);

  it('reads a partition lost and regained while its batch was still in hand (a late renewal under load)', async () => {
    const { nc, log, keeper, leases, drop } = await driven('regain');
    const events: string[] = [];
    const handled = new Set<number>();
    let releaseFirst!: () => void;
    let afterRegain: () => number | undefined = () => undefined;
    let closeSut: () => Promise<void> = () => Promise.resolve();
    const firstInHand = new Promise<void>((resolve) => {
      const gate = new Promise<void>((open) => (releaseFirst = open));
      const handler: PartitionHandler = {
        start: () => Promise.resolve(void events.push('start')),
        stop: () => Promise.resolve(void events.push('stop')),
        handle: async (_partition, samples) => {
          if (handled.size === 0) {
            resolve();
            await gate;
          }
          for (const s of samples) handled.add(s.ts);
        },
      };
      const sut = new PartitionConsumers(nc, log, keeper, handler, { partitions: 1, batchSize: 10 });
      sut.start();
      void leases().onAcquired?.('partition.0', 1);
      afterRegain = () => sut.fence(0);
      closeSut = () => sut.close();
    });
    try {
      await log.append([sample(0)], () => 0);
      await firstInHand;
      // lost and at once regained at a later revision, while the first batch is still in hand
      const lost = leases().onLost?.('partition.0', 'expired');
      void leases().onAcquired?.('partition.0', 2);
      releaseFirst();
      await lost;
      await log.append([sample(20), sample(40)], () => 0);
      await waitFor(() => handled.size === 3, 10_000);
      expect(afterRegain()).toBe(2);
      // the old ownership ended before the new one began
      expect(events).toEqual(['start', 'stop', 'start']);
    } finally {
      releaseFirst();
      await closeSut();
      await drop();
    }
  });

  it("hands a partition's intake samples, forwarded samples and rebuild requests over apart, each sent once", async () => {
    const { nc, log, keeper, leases, drop } = await driven('relay');
    const intake: LoggedSample[] = [];
    const relayed: RelayedEntries = { forwarded: [], rebuilds: [] };
    const handler: PartitionHandler = {
      handle: (_partition, samples, entries) => {
        intake.push(...samples);
        relayed.forwarded.push(...(entries?.forwarded ?? []));
        relayed.rebuilds.push(...(entries?.rebuilds ?? []));
        return Promise.resolve();
      },
    };
    const sut = new PartitionConsumers(nc, log, keeper, handler, { partitions: 2, batchSize: 10 });
    const marker: RebuildMarker = { partition: 1, signalId: 's1', fromTs: T0, version: 2 };
    try {
      sut.start();
      void leases().onAcquired?.('partition.1', 1);
      await log.append([sample(1)], () => 1);
      // the same sample forwarded (its intake message has another id), twice; the rebuild request twice
      await log.forward([sample(1)], () => 1);
      await log.forward([sample(1)], () => 1);
      await log.requestRebuild([marker]);
      await log.requestRebuild([marker]);
      await waitFor(() => intake.length + relayed.forwarded.length + relayed.rebuilds.length >= 3, 10_000);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(intake).toEqual([sample(1)]);
      expect(relayed).toEqual({ forwarded: [sample(1)], rebuilds: [marker] });
    } finally {
      await sut.close();
      await drop();
    }
  });

  it('reports a held partition stuck once its batch has waited the bound, with the last error, and clears it when handled', async () => {
    const { nc, log, keeper, leases, drop } = await driven('stuck');
    let failing = true;
    const handled: LoggedSample[] = [];
    const handler: PartitionHandler = {
      handle: (_partition, samples) => {
        if (failing) return Promise.reject(new Error('database refused the batch'));
        handled.push(...samples);
        return Promise.resolve();
      },
    };
    const sut = new PartitionConsumers(nc, log, keeper, handler, { partitions: 2, batchSize: 10 });
    try {
      sut.start();
      void leases().onAcquired?.('partition.0', 1);
      void leases().onAcquired?.('partition.1', 1);
      // idle partitions wait for nothing
      await new Promise((r) => setTimeout(r, 1_200));
      expect(sut.stuck(1_000)).toEqual([]);

      await log.append([sample(0)], () => 1);
      await waitFor(() => sut.stuck(1_000).length > 0, 10_000);
      expect(sut.stuck(1_000)).toEqual([
        { partition: 1, sinceMs: expect.any(Number) as number, error: 'database refused the batch' },
      ]);
      // under the bound: not yet
      expect(sut.stuck(60_000)).toEqual([]);

      failing = false;
      await waitFor(() => handled.length === 1, 20_000);
      expect(sut.stuck(0)).toEqual([]);
    } finally {
      await sut.close();
      await drop();
    }
  }, 40_000);

  it('sets aside log entries that are no samples, in order with the rest, and keeps the partition moving; without a reject handler it reports and drops them', async () => {
    const { nc, log, keeper, leases, drop } = await driven('garbage');
    const handled: number[] = [];
    const rejected: RejectedEntry[] = [];
    const errors: unknown[] = [];
    const handler = (withReject: boolean): PartitionHandler => ({
      handle: (_partition, samples) => Promise.resolve(void handled.push(...samples.map((s) => s.ts))),
      ...(withReject && { reject: (_partition, entries) => Promise.resolve(void rejected.push(...entries)) }),
    });
    const js = nc.jetstream();
    const subject = partitionSubject(0, log.subjectPrefix);
    const garbage = ['{"v": 1', '["s0","yesterday",1,"good","x",0]', '\u0000\xff'];
    let sut = new PartitionConsumers(nc, log, keeper, handler(true), { partitions: 1, batchSize: 10 });
    try {
      sut.start();
      void leases().onAcquired?.('partition.0', 1);
      await log.append([sample(0)], () => 0);
      for (const text of garbage) await js.publish(subject, new TextEncoder().encode(text));
      await log.append([sample(20)], () => 0);
      await waitFor(() => handled.length === 2 && rejected.length === 3, 10_000);
      expect(handled).toEqual([T0, T0 + 20_000]);
      expect(rejected.map((r) => [r.subject, new TextDecoder().decode(r.raw)])).toEqual(
        garbage.map((text) => [subject, text]),
      );
      expect(rejected[0].detail).toMatch(/^not JSON: .* \(partition 0, stream sequence \d+\)$/);
      expect(rejected[1].detail).toMatch(/^invalid timestamp: "yesterday" \(partition 0/);
      expect(sut.stuck(0)).toEqual([]);
      await sut.close();

      // no reject handler: reported through onError, acknowledged, the partition goes on
      sut = new PartitionConsumers(nc, log, keeper, handler(false), {
        partitions: 1,
        batchSize: 10,
        onError: (error) => errors.push(error),
      });
      sut.start();
      void leases().onAcquired?.('partition.0', 2);
      await js.publish(subject, new TextEncoder().encode('[]'));
      await log.append([sample(40)], () => 0);
      await waitFor(() => handled.length === 3, 10_000);
      expect(errors.map((e) => (e as Error).message)).toEqual([
        expect.stringMatching(/^dropped: not an array of 6 to 9 fields \(partition 0/),
      ]);
      const jsm = await nc.jetstreamManager();
      await waitFor(async () => (await jsm.streams.info(log.stream)).state.messages === 0, 10_000);
    } finally {
      await sut.close();
      await drop();
    }
  }, 40_000);
});
