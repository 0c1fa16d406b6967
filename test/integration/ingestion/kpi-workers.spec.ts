import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { FixedActiveModel } from '@bsc/app-kit';
import {
  JetStreamLeaseStore,
  JetStreamSampleLog,
  LeaseKeeper,
  PartitionConsumers,
  partitionSubject,
  type LoggedSample,
} from '@bsc/cluster';
import { InProcessEventBus } from '@bsc/events';
import { KpiEngine } from '@bsc/kpi';
import { DeadLetterRepository, KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { kpiPartitions, TwinModelBuilder } from '@bsc/twin';
import { PartitionKpiWorker } from '../../../apps/ingestion/src/kpi-worker/partition-kpi-worker';
import { PgTestSchema, TEST_DATABASE_URL } from '../persistence/pg-test-schema';
import { until } from '../../../scripts/rig/wait';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const TTL = 1_500;
const PARTITIONS = 4;
const SIGNALS = 8;
const N = 2_000;
/** Mid-November 2026: every sample falls in the KPIs' monthly period 2026-11. */
const T0 = Date.UTC(2026, 10, 14, 8);
const PERIOD = '2026-11';

/** Per signal a KPI that counts its samples in the month and one that sums them. */
const builder = TwinModelBuilder.line('workers-twin', 'KPI workers twin');
for (let j = 0; j < SIGNALS; j++) {
  builder
    .signal({ id: `w.s${j}`, name: `S${j}`, source: { mqtt: { topic: `w/s${j}`, jsonPath: '$.v' } } })
    .kpi(`count_s${j}`, `count(w.s${j}, period)`, { name: `Count ${j}`, unit: 'samples' })
    .kpi(`sum_s${j}`, `sum(w.s${j}, period)`, { name: `Sum ${j}` });
}
const model = builder.objective('complete', 'plant', 'internal_process').buildValid();
const activeModel = new FixedActiveModel(model);
const partitioning = kpiPartitions(activeModel.current().graph, PARTITIONS);

/** Sample k: signal w.s<k mod 8>, value (k mod 10) + 1, one second apart. */
const sample = (k: number): LoggedSample => ({
  signalId: `w.s${k % SIGNALS}`,
  ts: T0 + k * 1_000,
  value: (k % 10) + 1,
  quality: 'good',
  source: 'mqtt',
  receivedAt: T0 + k * 1_000,
});

/** A rebalance or a takeover waits out lease rounds and an expiry: seconds, more on a busy machine. */
const SETTLE_MS = 30_000;

/** Polls until `condition`; past the cap it fails with `state()`, rather than letting the test go on. */
const waitFor = async (
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  state: () => string | Promise<string>,
) => void (await until(async () => condition(), timeoutMs, state));

describe(PartitionKpiWorker.name, () => {
  const id = randomUUID().replace(/-/g, '');
  const logOptions = { stream: `TEST_KPI_WORKERS_${id}`, subjectPrefix: `test.${id}.samples` };
  const bucket = `test_kpi_workers_${id}`;
  const connections: NatsConnection[] = [];
  const keepers: LeaseKeeper[] = [];
  const consumers: PartitionConsumers[] = [];
  const dataSources: DataSource[] = [];
  const errors: unknown[] = [];
  let pg: PgTestSchema;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    pg = await PgTestSchema.create();
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.close().catch(() => undefined)));
    await Promise.all(keepers.map((k) => k.close().catch(() => undefined)));
    const admin = await connect({ servers: NATS_URL });
    await (await admin.jetstreamManager()).streams.delete(logOptions.stream).catch(() => undefined);
    await (await admin.jetstream().views.kv(bucket)).destroy();
    await admin.close();
    await Promise.all(connections.filter((c) => !c.isClosed()).map((c) => c.close()));
    await Promise.all(dataSources.map((d) => d.destroy()));
    await pg.drop();
  });

  const kpiWorker = (
    dataSource: DataSource,
    fence?: (partition: number) => number | undefined,
    deadLetters?: DeadLetterRepository,
  ) =>
    new PartitionKpiWorker(
      new SampleRepository(dataSource),
      new KpiValueRepository(dataSource),
      new InProcessEventBus(),
      activeModel,
      (snapshot) => new KpiEngine(snapshot.model),
      { partitions: PARTITIONS, fence, deadLetters },
    );

  /** A worker process: its own NATS connection, database pool, lease keeper, engine state and bus. */
  async function worker(name: string) {
    const nc = await connect({ servers: NATS_URL });
    connections.push(nc);
    const dataSource = await openDataSource({ databaseUrl: TEST_DATABASE_URL, schema: pg.schema });
    dataSources.push(dataSource);
    const keeper = new LeaseKeeper(await JetStreamLeaseStore.open(nc, { bucket, ttlMs: TTL }), {
      holder: `${name}-${randomUUID()}`,
    });
    keepers.push(keeper);
    let sut: PartitionConsumers | undefined = undefined;
    const handler = kpiWorker(dataSource, (p) => sut?.fence(p));
    sut = new PartitionConsumers(nc, await JetStreamSampleLog.open(nc, logOptions), keeper, handler, {
      partitions: PARTITIONS,
      batchSize: 100,
      fetchWaitMs: 1_000,
      onError: (error: unknown) => errors.push(error),
    });
    consumers.push(sut);
    sut.start();
    return { nc, sut };
  }

  const stored = async (kpiId: string): Promise<number | null | undefined> => {
    const revisions = new KpiValueRepository(pg.dataSource);
    return (await revisions.asOf([kpiId], [PERIOD])).find((r) => r.periodKey === PERIOD)?.value;
  };
  const kpiTable = async () => {
    const table: Record<string, [number | null | undefined, number | null | undefined]> = {};
    for (let j = 0; j < SIGNALS; j++) table[`w.s${j}`] = [await stored(`count_s${j}`), await stored(`sum_s${j}`)];
    return table;
  };

  it('two workers split the partitions; one cut off mid-stream, the other takes over: every count and sum exact, every sample stored once', async () => {
    // the 8 signals are spread over at least 3 of the 4 partitions, so both workers have KPIs to compute
    expect(new Set(partitioning.signal.values()).size).toBeGreaterThanOrEqual(3);
    const publisher = await connect({ servers: NATS_URL });
    connections.push(publisher);
    const log = await JetStreamSampleLog.open(publisher, logOptions);
    const partitionOf = (s: LoggedSample) => partitioning.signal.get(s.signalId)!;
    const a = await worker('a');
    const b = await worker('b');
    const held = () => `a holds ${JSON.stringify(a.sut.partitions())}, b ${JSON.stringify(b.sut.partitions())}`;
    await waitFor(() => a.sut.partitions().length === 2 && b.sut.partitions().length === 2, SETTLE_MS, held);
    expect([a.sut.partitions().length, b.sut.partitions().length]).toEqual([2, 2]);

    const all = Array.from({ length: N }, (_, k) => sample(k));
    const samples = new SampleRepository(pg.dataSource);
    await log.append(all.slice(0, N / 2), partitionOf);
    const storedCount = async () => `${await samples.count()} samples stored`;
    await waitFor(async () => (await samples.count()) >= N / 4, SETTLE_MS, storedCount);

    // a loses NATS mid-stream: its leases expire, b takes its partitions over from their last acknowledgement
    await a.nc.close();
    await log.append(all.slice(N / 2), partitionOf);
    await waitFor(() => b.sut.partitions().length === PARTITIONS, SETTLE_MS, held);
    expect(b.sut.partitions()).toEqual([0, 1, 2, 3]);
    await waitFor(async () => (await samples.count()) === N, SETTLE_MS, storedCount);

    // per signal 250 samples; signal j's values run over (j + 8m) mod 10 + 1: for even j 1, 3, 5, 7, 9 (25 per 5
    // samples), for odd j 2, 4, 6, 8, 10 (30 per 5 samples), so 50 × 25 = 1,250 and 50 × 30 = 1,500
    const expected: Record<string, [number, number]> = {};
    for (let j = 0; j < SIGNALS; j++) expected[`w.s${j}`] = [250, j % 2 === 0 ? 1_250 : 1_500];
    await waitFor(
      async () => JSON.stringify(await kpiTable()) === JSON.stringify(expected),
      SETTLE_MS,
      async () => `KPIs ${JSON.stringify(await kpiTable())}, expected ${JSON.stringify(expected)}`,
    );
    expect(await kpiTable()).toEqual(expected);
    expect(await samples.count()).toBe(N);
    for (let j = 0; j < SIGNALS; j++) expect(await samples.count(`w.s${j}`)).toBe(250);
    // the work queue holds nothing unacknowledged
    const jsm = await publisher.jetstreamManager();
    await waitFor(
      async () => (await jsm.streams.info(logOptions.stream)).state.messages === 0,
      SETTLE_MS,
      async () => `${(await jsm.streams.info(logOptions.stream)).state.messages} messages left in the work queue`,
    );
    expect((await jsm.streams.info(logOptions.stream)).state.messages).toBe(0);
  }, 90_000);

  it('a batch delivered again stores nothing and changes no KPI', async () => {
    // the first test left w.s0 at count 250, sum 1,250; a batch of w.s0 samples 2,000.. (values 1, 9, 7, 5, 3)
    const batch = [2_000, 2_008, 2_016, 2_024, 2_032].map(sample);
    const sut = kpiWorker(pg.dataSource);
    const p = partitioning.signal.get('w.s0')!;
    await sut.start(p);
    await sut.handle(p, batch);
    expect([await stored('count_s0'), await stored('sum_s0')]).toEqual([255, 1_275]);
    await sut.handle(p, batch);
    expect([await stored('count_s0'), await stored('sum_s0')]).toEqual([255, 1_275]);
    expect(await new SampleRepository(pg.dataSource).count('w.s0')).toBe(255);
  }, 30_000);

  it('a worker dead-letters log entries that are no samples and a sample the database refuses, and counts everything else once', async () => {
    // the first test's workers leave (their work and their membership): this one takes every partition
    for (const earlier of consumers.splice(0)) await earlier.close().catch(() => undefined);
    for (const earlier of keepers.splice(0)) await earlier.close().catch(() => undefined);
    const publisher = await connect({ servers: NATS_URL });
    connections.push(publisher);
    const log = await JetStreamSampleLog.open(publisher, logOptions);
    const dataSource = await openDataSource({ databaseUrl: TEST_DATABASE_URL, schema: pg.schema });
    dataSources.push(dataSource);
    const sut = kpiWorker(dataSource, undefined, new DeadLetterRepository(dataSource));
    const keeper = new LeaseKeeper(await JetStreamLeaseStore.open(publisher, { bucket, ttlMs: TTL }), {
      holder: `garbage-${randomUUID()}`,
    });
    keepers.push(keeper);
    const consumer = new PartitionConsumers(publisher, log, keeper, sut, {
      partitions: PARTITIONS,
      batchSize: 100,
      fetchWaitMs: 1_000,
      onError: (error: unknown) => errors.push(error),
    });
    consumers.push(consumer);
    consumer.start();
    await waitFor(
      () => consumer.partitions().length === PARTITIONS,
      SETTLE_MS,
      () => JSON.stringify(consumer.partitions()),
    );

    // w.s1 stood at count 250, sum 1,500: five more samples 3,001.. (values 2, 10, 8, 6, 4: sum 30) around garbage
    const p = partitioning.signal.get('w.s1')!;
    const subject = partitionSubject(p, logOptions.subjectPrefix);
    const before = [3_001, 3_009].map(sample);
    const after = [3_017, 3_025, 3_033].map(sample);
    // a signal id wider than the samples table's column (256): PostgreSQL refuses it for good
    const unstorable = { ...sample(3_041), signalId: `w.${'x'.repeat(300)}` };
    await log.append(before, () => p);
    await publisher.jetstream().publish(subject, new TextEncoder().encode('{"not": "a sample"}'));
    await log.append([unstorable], () => p);
    await log.append(after, () => p);

    await waitFor(
      async () => (await stored('count_s1')) === 255,
      SETTLE_MS,
      async () => `count_s1 ${await stored('count_s1')}`,
    );
    expect([await stored('count_s1'), await stored('sum_s1')]).toEqual([255, 1_530]);
    expect(await new SampleRepository(pg.dataSource).count('w.s1')).toBe(255);
    const letters = await new DeadLetterRepository(pg.dataSource).list();
    expect(letters.map((l) => [l.reason, l.channel]).sort()).toEqual([
      ['invalid_log_entry', subject],
      ['write_refused', unstorable.signalId.slice(0, 512)],
    ]);
    expect(letters.find((l) => l.reason === 'invalid_log_entry')?.payload).toBe('{"not": "a sample"}');
    expect(letters.find((l) => l.reason === 'write_refused')?.detail).toMatch(/^the database refused the sample: /);
    expect(consumer.stuck(0)).toEqual([]);
    const jsm = await publisher.jetstreamManager();
    await waitFor(
      async () => (await jsm.streams.info(logOptions.stream)).state.messages === 0,
      SETTLE_MS,
      async () => `${(await jsm.streams.info(logOptions.stream)).state.messages} messages left in the work queue`,
    );
  }, 90_000);

  it('a batch and a log entry delivered again after their dead letters were kept (the ack was lost) add no letter', async () => {
    const deadLetters = new DeadLetterRepository(pg.dataSource);
    const sut = kpiWorker(pg.dataSource, undefined, deadLetters);
    const p = partitioning.signal.get('w.s2')!;
    const subject = partitionSubject(p, logOptions.subjectPrefix);
    const letters = async () =>
      (await deadLetters.list()).filter((l) => l.channel?.startsWith('w.') || l.channel === subject);
    const before = await letters();
    // w.s2 stood at count 250, sum 1,250: sample 4,002 has value 3; beside it one PostgreSQL refuses
    const batch = [sample(4_002), { ...sample(4_010), signalId: `w.${'y'.repeat(300)}` }];
    const entry = { subject, seq: 9_999, raw: new TextEncoder().encode('[1, 2]'), detail: 'not a sample' };
    await sut.start(p);

    for (let delivery = 1; delivery <= 2; delivery++) {
      await sut.handle(p, batch);
      await sut.reject(p, [entry]);
    }

    expect([await stored('count_s2'), await stored('sum_s2')]).toEqual([251, 1_253]);
    const added = (await letters()).filter((l) => !before.some((b) => b.id === l.id));
    expect(added.map((l) => l.reason).sort()).toEqual(['invalid_log_entry', 'write_refused']);
    // another entry with the same bytes elsewhere in the log is another input: its own letter
    await sut.reject(p, [{ ...entry, seq: 10_000 }]);
    expect((await letters()).length).toBe(before.length + 3);
  }, 30_000);
});
