import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { SignalSample } from '@bsc/common';
import { ModelBuilder, TwinGraph, type TwinModel } from '@bsc/twin';
import type { ActiveModel, ActiveModelSnapshot } from '@bsc/app-kit';
import { IngestionConfig } from '../config/ingestion.config';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import type { DeadLetterRecord, DeadLetterStore, SampleStore } from './pipeline-stores.port';
import type { RawSampleInput } from './sample-intake.port';
import { SignalPipeline } from './signal-pipeline.service';
import { ingestionTestModel } from './testing/ingestion-model.builder';

class FakeModel implements ActiveModel {
  private listener: ((s: ActiveModelSnapshot) => void) | undefined;
  constructor(private snapshot: ActiveModelSnapshot) {}
  current = (): ActiveModelSnapshot => this.snapshot;
  onChange = (l: (s: ActiveModelSnapshot) => void): (() => void) => ((this.listener = l), () => undefined);
  import = (): never => {
    throw new Error('not in tests');
  };
  change(model: TwinModel, version: number): void {
    this.snapshot = { model, graph: TwinGraph.fromModel(model), version, importedAt: 0 };
    this.listener?.(this.snapshot);
  }
}

/** Stores in memory; fails the first `failures` writes like a database that is down for a moment. */
class MemoryStore implements SampleStore, DeadLetterStore {
  readonly samples: SignalSample[] = [];
  readonly letters: DeadLetterRecord[] = [];
  constructor(private failures = 0) {}
  async insertBatch(batch: readonly SignalSample[]): Promise<number> {
    if (this.failures-- > 0) throw new Error('database down');
    this.samples.push(...batch);
    return batch.length;
  }
  async insert(records: readonly DeadLetterRecord[]): Promise<void> {
    this.letters.push(...records);
  }
}

const NOW = Date.now();
const raw = (signalId: string, value: unknown, ts = NOW - 1_000): RawSampleInput => ({ signalId, ts, value, source: 'mqtt' });

function build(store = new MemoryStore(), model = ingestionTestModel()) {
  const activeModel = new FakeModel({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 });
  const registry = new Registry();
  const metrics = new IngestionMetrics(registry, new ConnectorStatusRegistry());
  const sut = new SignalPipeline(new IngestionConfig(), activeModel, store, store, metrics);
  return { sut, store, activeModel, registry };
}

const metric = async (registry: Registry, name: string): Promise<number> =>
  (await registry.getSingleMetric(name)!.get()).values.reduce((n, v) => n + v.value, 0);

describe(SignalPipeline.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('stores valid samples converted to the model unit, and dead-letters the rest with their reasons', async () => {
    const { sut, store, registry } = build();
    const result = await sut.submit([raw('line1.scrap', 3), raw('line1.energy_kwh', 1500), raw('line1.scrap', 'x', NOW - 2_000), raw('ghost', 1)]);
    expect(result).toEqual({
      accepted: 2,
      rejected: 2,
      duplicates: 0,
      errors: [
        { index: 2, reason: 'wrong_type', detail: expect.any(String) },
        { index: 3, reason: 'unknown_signal', detail: expect.any(String) },
      ],
    });
    expect(store.samples.map((s) => [s.signalId, s.value])).toEqual([['line1.scrap', 3], ['line1.energy_kwh', 1.5]]);
    expect(store.letters.map((l) => l.reason)).toEqual(['wrong_type', 'unknown_signal']);
    expect(await metric(registry, 'bsc_samples_stored_total')).toBe(2);
    expect(await metric(registry, 'bsc_samples_rejected_total')).toBe(2);
    await sut.beforeApplicationShutdown();
  });

  it('hands a backdated sample\'s knownAt to the store (simulated history), and only that one', async () => {
    const { sut, store } = build();
    await sut.submit([{ ...raw('line1.scrap', 3, NOW - 5_000), knownAt: NOW - 5_000 }, raw('line1.scrap', 4)]);

    expect(store.samples.map((s) => (s as SignalSample & { knownAt?: number }).knownAt)).toEqual([NOW - 5_000, undefined]);
    await sut.beforeApplicationShutdown();
  });

  it('ignores re-deliveries of the same signal and timestamp', async () => {
    const { sut, store } = build();
    await sut.submit([raw('line1.scrap', 1, NOW - 5_000)]);
    expect(await sut.submit([raw('line1.scrap', 1, NOW - 5_000), raw('line1.scrap', 2, NOW - 4_000)])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(store.samples).toHaveLength(2);
    await sut.beforeApplicationShutdown();
  });

  it('drops moves within the deadband before the write', async () => {
    const { sut, store, registry } = build();
    await sut.submit([raw('line1.temp', 20, NOW - 3_000), raw('line1.temp', 20.2, NOW - 2_000), raw('line1.temp', 21, NOW - 1_000)]);
    expect(store.samples.map((s) => s.value)).toEqual([20, 21]);
    expect(await metric(registry, 'bsc_samples_deadband_filtered_total')).toBe(1);
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
    activeModel.change(ModelBuilder.minimal().set('signals[0].sourceUnit', 'kg').buildModel(), 2);
    expect(sut.modelVersion).toBe(1);
    activeModel.change(ModelBuilder.minimal().buildModel(), 3);
    expect(sut.modelVersion).toBe(3);
    expect(await sut.submit([raw('line1.temp', 20)])).toMatchObject({ rejected: 1, errors: [{ reason: 'unknown_signal' }] });
    await sut.beforeApplicationShutdown();
  });
});
