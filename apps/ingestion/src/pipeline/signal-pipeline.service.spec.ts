import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { SignalSample } from '@bsc/common';
import { ingestionTestModel, TwinModelBuilder, TwinGraph } from '@bsc/twin';
import { IngestionConfig } from '../config/ingestion.config';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import { SignalPipeline } from './signal-pipeline.service';
import {
  buildPipeline as build,
  FakeModel,
  HangingStore,
  MemoryStore,
  metricTotal as metric,
  NOW,
  raw,
} from './testing/pipeline-fakes';

describe(SignalPipeline.name, () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('stores valid samples converted to the model unit, and dead-letters the rest with their reasons', async () => {
    const { sut, store, registry } = build();
    const result = await sut.submit([
      raw('line1.scrap', 3),
      raw('line1.energy_kwh', 1500),
      raw('line1.scrap', 'x', NOW - 2_000),
      raw('ghost', 1),
    ]);
    const { errors, ...counts } = result;
    expect(counts).toEqual({ accepted: 2, rejected: 2, duplicates: 0 });
    expect(errors.map((e) => [e.index, e.reason, typeof e.detail])).toEqual([
      [2, 'wrong_type', 'string'],
      [3, 'unknown_signal', 'string'],
    ]);
    expect(store.samples.map((s) => [s.signalId, s.value])).toEqual([
      ['line1.scrap', 3],
      ['line1.energy_kwh', 1.5],
    ]);
    expect(store.letters.map((l) => l.reason)).toEqual(['wrong_type', 'unknown_signal']);
    expect(await metric(registry, 'bsc_samples_stored_total')).toBe(2);
    expect(await metric(registry, 'bsc_samples_rejected_total')).toBe(2);
    await sut.beforeApplicationShutdown();
  });

  it('dead-letters a 64-bit integer no double holds, with its digits in the payload', async () => {
    const { sut, store } = build();
    const result = await sut.submit([raw('crm.complaints', 2n ** 53n + 1n), raw('crm.complaints', 2n ** 53n + 2n)]);
    expect(result).toMatchObject({ accepted: 1, rejected: 1 });
    expect(store.samples.map((s) => s.value)).toEqual([2 ** 53 + 2]);
    expect(store.letters.map((l) => l.reason)).toEqual(['out_of_range']);
    expect(store.letters[0].payload).toContain('"value":"9007199254740993"');
    await sut.beforeApplicationShutdown();
  });

  it('observes each database write: one write of the two accepted samples, one of the lone sample after it', async () => {
    const { sut, registry } = build();
    await sut.submit([raw('line1.scrap', 3), raw('line1.energy_kwh', 1500), raw('ghost', 1)]);
    await sut.submit([raw('line1.scrap', 4, NOW - 500)]);
    const text = await registry.metrics();
    const total = (line: string) => Number(new RegExp(`^${line} (\\S+)$`, 'm').exec(text)?.[1]);
    expect([total('bsc_sample_write_rows_count'), total('bsc_sample_write_rows_sum')]).toEqual([2, 3]);
    expect(total('bsc_sample_write_seconds_count')).toBe(2);
    await sut.beforeApplicationShutdown();
  });

  it("hands a backdated sample's knownAt to the store (simulated history), and only that one", async () => {
    const { sut, store } = build();
    await sut.submit([{ ...raw('line1.scrap', 3, NOW - 5_000), knownAt: NOW - 5_000 }, raw('line1.scrap', 4)]);

    expect(store.samples.map((s) => (s as SignalSample & { knownAt?: number }).knownAt)).toEqual([
      NOW - 5_000,
      undefined,
    ]);
    await sut.beforeApplicationShutdown();
  });

  it('ignores re-deliveries of the same signal and timestamp', async () => {
    const { sut, store } = build();
    await sut.submit([raw('line1.scrap', 1, NOW - 5_000)]);
    expect(await sut.submit([raw('line1.scrap', 1, NOW - 5_000), raw('line1.scrap', 2, NOW - 4_000)])).toMatchObject({
      accepted: 1,
      duplicates: 1,
    });
    expect(store.samples).toHaveLength(2);
    await sut.beforeApplicationShutdown();
  });

  it('hands the KPI engine only the samples the database did not hold yet (a re-delivery after a restart)', async () => {
    const store = new MemoryStore();
    store.samples.push({ signalId: 'line1.scrap', ts: NOW - 5_000, value: 1, quality: 'good', source: 'mqtt' }); // stored before
    const { sut, registry } = build(store);
    const fed: number[] = [];
    sut.connectKpiFeed({
      samplesStored: (samples) => fed.push(...samples.map((s) => s.value)),
      close: () => Promise.resolve(),
    });

    await sut.submit([raw('line1.scrap', 1, NOW - 5_000), raw('line1.scrap', 2, NOW - 4_000)]);

    expect(fed).toEqual([2]);
    expect(await metric(registry, 'bsc_samples_duplicate_total')).toBe(1);
    await sut.beforeApplicationShutdown();
  });

  it('acknowledges a re-delivery only once its original is stored', async () => {
    const { sut, store } = build(new MemoryStore(1));
    const original = sut.submit([raw('line1.scrap', 1, NOW - 5_000)]);
    // The first write fails (database down) and is retried after a backoff; meanwhile the broker redelivers.
    const redelivery = sut.submit([raw('line1.scrap', 1, NOW - 5_000)]);
    let redeliveryDone = false;
    void redelivery.then(() => (redeliveryDone = true));
    await new Promise((r) => setImmediate(r));
    expect(store.samples).toHaveLength(0);
    expect(redeliveryDone).toBe(false);

    await expect(redelivery).resolves.toMatchObject({ duplicates: 1 });
    expect(store.samples).toHaveLength(1);
    await original;
    await sut.beforeApplicationShutdown();
  });

  it('drops moves within the deadband before the write', async () => {
    const { sut, store, registry } = build();
    await sut.submit([
      raw('line1.temp', 20, NOW - 3_000),
      raw('line1.temp', 20.2, NOW - 2_000),
      raw('line1.temp', 21, NOW - 1_000),
    ]);
    expect(store.samples.map((s) => s.value)).toEqual([20, 21]);
    expect(await metric(registry, 'bsc_samples_deadband_filtered_total')).toBe(1);
    await sut.beforeApplicationShutdown();
  });

  it('takes another value at the time of a sample the deadband dropped as new: nothing is stored there', async () => {
    const { sut, store, registry } = build();
    // line1.temp: absolute deadband 0.5. 20 kept; 20.2 at T1 moved 0.2 < 0.5: dropped, never stored
    await sut.submit([raw('line1.temp', 20, NOW - 3_000), raw('line1.temp', 20.2, NOW - 2_000)]);

    // 20.2 at T1 again moved 0.2 from 20: dropped by the deadband once more, not counted as a duplicate; 21 at T1
    // moved 1 >= 0.5 from 20: no repeat of anything stored, so it is stored (accepted 1 + dropped 1 = 2)
    const result = await sut.submit([raw('line1.temp', 20.2, NOW - 2_000), raw('line1.temp', 21, NOW - 2_000)]);

    expect(result).toMatchObject({ accepted: 2, duplicates: 0, rejected: 0 });
    expect(store.samples.map((s) => [s.ts, s.value])).toEqual([
      [NOW - 3_000, 20],
      [NOW - 2_000, 21],
    ]);
    expect(await metric(registry, 'bsc_samples_deadband_filtered_total')).toBe(2);
    expect(await metric(registry, 'bsc_samples_duplicate_total')).toBe(0);
    await sut.beforeApplicationShutdown();
  });

  it('waits while the database is down and resolves once the write went through', async () => {
    const { sut, store, registry } = build(new MemoryStore(1));
    const result = await sut.submit([raw('line1.scrap', 4)]);
    expect(result.accepted).toBe(1);
    expect(store.samples).toHaveLength(1);
    expect(await metric(registry, 'bsc_pipeline_write_retries_total')).toBe(1);
    expect(await metric(registry, 'bsc_samples_dropped_total')).toBe(0);
    await sut.beforeApplicationShutdown();
  });

  it('keeps the previous model when a new version has a unit it cannot convert', async () => {
    const { sut, activeModel } = build();
    // validation refuses such a model now; a version stored before it did still reaches the pipeline
    const valid = TwinModelBuilder.minimal().buildValid();
    activeModel.change(
      { ...valid, signals: valid.signals.map((s, i) => (i === 0 ? { ...s, sourceUnit: 'kg' } : s)) },
      2,
    );
    expect(sut.modelVersion).toBe(1);
    activeModel.change(TwinModelBuilder.minimal().buildValid(), 3);
    expect(sut.modelVersion).toBe(3);
    expect(await sut.submit([raw('line1.temp', 20)])).toMatchObject({
      rejected: 1,
      errors: [{ reason: 'unknown_signal' }],
    });
    await sut.beforeApplicationShutdown();
  });

  it('dead-letters a sample the database refuses for good and stores the rest of its batch', async () => {
    const { sut, store, registry } = build();
    const result = await sut.submit([
      raw('line1.scrap', 12, NOW - 3_000),
      raw('line1.scrap', 13, NOW - 2_000),
      raw('line1.scrap', 14, NOW - 1_000),
    ]);

    expect(result.accepted).toBe(3);
    expect(store.samples.map((s) => s.value)).toEqual([12, 14]);
    expect(store.letters).toHaveLength(1);
    expect(store.letters[0]).toMatchObject({ reason: 'write_refused', signalId: 'line1.scrap' });
    expect(store.letters[0].detail).toContain('0x00');
    expect(await metric(registry, 'bsc_samples_rejected_total')).toBe(1);
    await sut.beforeApplicationShutdown();
  });

  it('quarantines a dead letter the database refuses for good, and the dead letters after it are stored', async () => {
    const { sut, store, registry } = build();
    const entry = (detail: string) => ({
      source: 'mqtt',
      channel: 't',
      reason: 'invalid_json',
      detail,
      raw: Buffer.from([0]),
    });

    await Promise.all([
      sut.deadLetter(entry('first')),
      sut.deadLetter(entry('poison')),
      sut.deadLetter(entry('third')),
    ]);

    expect(store.letters.map((l) => l.detail)).toEqual(['first', 'third']);
    expect(sut.quarantine.held().map((l) => l.detail)).toEqual(['poison']);
    expect(await metric(registry, 'bsc_pipeline_quarantined_total')).toBe(1);
    expect(await metric(registry, 'bsc_samples_rejected_total')).toBe(3);
    await sut.beforeApplicationShutdown();
  });

  it('reports degraded health and the stalled metric when work waits and nothing is written for INGEST_STALL_AFTER_S', async () => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const { sut, registry, health } = build(new HangingStore());
      void sut.submit([raw('line1.scrap', 1)]);
      await flushImmediate();
      expect((await health.run()).checks.pipeline).toMatchObject({ ok: true, detail: { waiting: 1 } });

      // The default INGEST_STALL_AFTER_S is 30: at 29 s still ok, at 30 s degraded with the reason.
      jest.setSystemTime(NOW + 29_000);
      expect((await health.run()).ready).toBe(true);
      jest.setSystemTime(NOW + 30_000);
      const { ready, checks } = await health.run();
      expect(ready).toBe(false);
      expect(checks.pipeline.detail).toMatchObject({
        stalled: true,
        waiting: 1,
        reason: '1 submission(s) waiting for their samples and none stored for 30 s',
      });
      expect(await metric(registry, 'bsc_pipeline_stalled')).toBe(1);
      expect(await metric(registry, 'bsc_pipeline_seconds_since_progress')).toBe(30);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports degraded health once a sample write has hung for INGEST_STALL_AFTER_S, though dead letters are written', async () => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['setImmediate', 'nextTick'] });
    try {
      // sample writes never return (a locked table, a hung statement); dead letters are stored fine
      const store = Object.assign(new MemoryStore(), { insertNew: (): Promise<never> => new Promise(() => undefined) });
      const { sut, registry, health } = build(store);
      void sut.submit([raw('line1.scrap', 1)]);
      await flushImmediate();
      // a message for an unknown signal every 10 s, each dead-lettered at once
      for (let s = 10; s <= 40; s += 10) {
        jest.setSystemTime(NOW + s * 1000);
        await sut.submit([raw('ghost', s, NOW + s * 1000 - 500)]);
      }
      expect(store.letters).toHaveLength(4);

      // the sample has waited 40 s, past the default 30 s, and no sample write completed meanwhile
      const { ready, checks } = await health.run();
      expect(ready).toBe(false);
      expect(checks.pipeline.detail).toMatchObject({
        stalled: true,
        waiting: 1,
        sinceProgressMs: 40_000,
        reason: '1 submission(s) waiting for their samples and none stored for 40 s',
      });
      expect(await metric(registry, 'bsc_pipeline_stalled')).toBe(1);
      expect(await metric(registry, 'bsc_pipeline_seconds_since_progress')).toBe(40);
    } finally {
      jest.useRealTimers();
    }
  });

  it('reports degraded health once a dead-letter write has hung for INGEST_STALL_AFTER_S, though samples are stored', async () => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const store = Object.assign(new MemoryStore(), { insert: (): Promise<never> => new Promise(() => undefined) });
      const { sut, health } = build(store);
      void sut.submit([raw('ghost', 1)]);
      await flushImmediate();
      for (let s = 10; s <= 30; s += 10) {
        jest.setSystemTime(NOW + s * 1000);
        // stored at once (its KPI hand-off waits for a timer these fake timers hold)
        void sut.submit([raw('line1.scrap', s, NOW + s * 1000 - 500)]);
        await flushImmediate();
      }
      expect(store.samples).toHaveLength(3);

      const { checks } = await health.run();
      expect(checks.pipeline).toMatchObject({
        ok: false,
        detail: { reason: '1 submission(s) waiting for their dead letters and none dead-lettered for 30 s' },
      });
    } finally {
      jest.useRealTimers();
    }
  });

  it('hands batches written side by side to the KPI side in the order their writes started', async () => {
    const writes: Array<() => void> = [];
    // a pooled database whose writes finish when the test says
    const store = Object.assign(new MemoryStore(), { parallelWrites: true });
    const insert = store.insertNew.bind(store);
    store.insertNew = <T extends SignalSample>(batch: readonly T[]) =>
      new Promise<readonly T[]>((resolve) => writes.push(() => resolve(insert(batch))));
    const model = ingestionTestModel();
    const activeModel = new FakeModel({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 });
    const config = Object.assign(new IngestionConfig(), { INGEST_WRITE_CONCURRENCY: 2 });
    const metrics = new IngestionMetrics(new Registry(), new ConnectorStatusRegistry());
    const sut = new SignalPipeline(config, activeModel, store, store, metrics);
    const seen: number[][] = [];
    sut.connectKpiFeed({
      samplesStored: (samples) => void seen.push([samples.length, samples[0].ts]),
      close: () => Promise.resolve(),
    });
    // two full batches (the write bound is 5,000): the second is written while the first still runs
    const batch = (first: number) =>
      Array.from({ length: 5_000 }, (_, i) => raw('line1.scrap', 1, NOW - 20_000 + first + i));
    const done: string[] = [];
    const first = sut.submit(batch(0)).then(() => done.push('first'));
    const second = sut.submit(batch(5_000)).then(() => done.push('second'));
    await flushImmediate();
    expect(writes).toHaveLength(2);

    writes[1]();
    await flushImmediate();
    // stored, but held back: the KPI side has not seen the batch written before it
    expect([seen, done]).toEqual([[], []]);

    writes[0]();
    await Promise.all([first, second]);
    expect(seen).toEqual([
      [5_000, NOW - 20_000],
      [5_000, NOW - 15_000],
    ]);
    // each submit resolves once the KPI side has its samples (a connector acknowledges then)
    expect([...done].sort()).toEqual(['first', 'second']);
    await sut.beforeApplicationShutdown();
  });
});

const flushImmediate = (): Promise<void> => new Promise((r) => setImmediate(r));
