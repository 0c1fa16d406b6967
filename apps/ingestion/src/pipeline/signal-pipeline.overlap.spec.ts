import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { SignalSample } from '@bsc/common';
import { ingestionTestModel, TwinGraph } from '@bsc/twin';
import { IngestionConfig } from '../config/ingestion.config';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import { SignalPipeline } from './signal-pipeline.service';
import { FakeModel, MemoryStore, NOW, raw } from './testing/pipeline-fakes';

/** A database whose writes finish when the test says; each write says when its insert is sent, as the repository does. */
class ControlledStore extends MemoryStore {
  readonly writes: Array<() => void> = [];
  constructor(private readonly events: string[]) {
    super();
  }
  override insertNew<T extends SignalSample>(
    batch: readonly T[],
    _receivedAt?: number,
    onSent?: () => void,
  ): Promise<readonly T[]> {
    this.events.push(`insert sent ${batch[0].ts - NOW}`);
    onSent?.();
    return new Promise((resolve) => this.writes.push(() => resolve(super.insertNew(batch))));
  }
}

const flushImmediate = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('SignalPipeline: the KPI step of a stored batch and the next write', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it("runs a batch's KPI step while the next batch's insert is at the database, and the last one after it", async () => {
    const events: string[] = [];
    const store = new ControlledStore(events);
    const model = ingestionTestModel();
    const activeModel = new FakeModel({ model, graph: TwinGraph.fromModel(model), version: 1, importedAt: 0 });
    const metrics = new IngestionMetrics(new Registry(), new ConnectorStatusRegistry());
    const sut = new SignalPipeline(new IngestionConfig(), activeModel, store, store, metrics);
    sut.connectKpiFeed({
      samplesStored: (samples) => void events.push(`kpi ${samples[0].ts - NOW}`),
      close: () => Promise.resolve(),
    });
    // two full batches (the write bound is 5,000), one write at a time: the second waits for the first
    const batch = (first: number) =>
      Array.from({ length: 5_000 }, (_, i) => raw('line1.scrap', 1, NOW - 20_000 + first + i));
    const first = sut.submit(batch(0));
    const second = sut.submit(batch(5_000));
    await flushImmediate();
    expect(events).toEqual(['insert sent -20000']);

    store.writes[0]();
    await flushImmediate();
    await flushImmediate();
    // the second write started before the first batch reached the KPI engine, which then ran during it
    expect(events).toEqual(['insert sent -20000', 'insert sent -15000', 'kpi -20000']);
    // the first submit is acknowledged once its own batch is in the KPIs, without waiting for the next write
    await first;

    store.writes[1]();
    await second;
    // no write after it: the last batch reaches the KPI engine all the same (after the fallback wait)
    expect(events).toEqual(['insert sent -20000', 'insert sent -15000', 'kpi -20000', 'kpi -15000']);
    await sut.beforeApplicationShutdown();
  });
});
