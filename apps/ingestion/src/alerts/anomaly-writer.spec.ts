import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { AnomalyEvent } from '@bsc/events';
import { AnomalyRepository, openDataSource, type AnomalyRecord } from '@bsc/persistence';
import { AlertMetrics } from './alert-metrics';
import { ANOMALY_WRITE_POLICY, AnomalyWriter } from './anomaly-writer';

const T0 = Date.UTC(2026, 10, 23, 8);
const UNITS: Record<string, string> = { oee: 'line-2', scrap: 'line-3' };
const unitOf = (kpiId: string): string | undefined => UNITS[kpiId];

function aFinding(overrides: Partial<AnomalyEvent> = {}): AnomalyEvent {
  return {
    kind: 'signal',
    kpiId: 'oee',
    signalId: 'line2.oven.temp',
    ts: T0,
    score: 0.6,
    value: 240,
    expected: null,
    lower: null,
    upper: null,
    periodKey: null,
    ...overrides,
  };
}

async function outcomes(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('bsc_anomalies_stored_total')!.get();
  return Object.fromEntries(metric.values.map((v) => [String(v.labels.outcome), v.value]));
}

describe(AnomalyWriter.name, () => {
  let dataSource: DataSource;
  let registry: Registry;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    registry = new Registry();
  });
  afterEach(() => dataSource.destroy());

  it("stores the findings with their KPI's unit in one write, and a replay of them once", async () => {
    const repository = new AnomalyRepository(dataSource);
    const writes: number[] = [];
    const counting = { record: (batch: AnomalyRecord[]) => (writes.push(batch.length), repository.record(batch)) };
    const sut = new AnomalyWriter(counting, new AlertMetrics(registry));
    const found = [aFinding(), aFinding({ ts: T0 + 60_000 }), aFinding({ kpiId: 'scrap', signalId: 'line3.scrap' })];

    sut.record(found, unitOf, T0 + 5_000);
    // a KPI no longer in the model: its unit is unknown, so it is not kept
    sut.record([aFinding({ kpiId: 'gone' })], unitOf, T0 + 5_000);
    sut.record(found, unitOf, T0 + 6_000);
    await sut.close();

    // both steps joined one batch within the flush interval: 3 + 3 rows, 3 of them new
    expect(writes).toEqual([6]);
    expect(await outcomes(registry)).toEqual({ stored: 3, duplicate: 3 });
    const stored = await repository.list({ from: T0, to: T0 + 3_600_000 });
    expect(stored.map((a) => [a.kpiId, a.unitId, a.ts, a.detectedAt])).toEqual([
      ['oee', 'line-2', T0 + 60_000, T0 + 5_000],
      ['oee', 'line-2', T0, T0 + 5_000],
      ['scrap', 'line-3', T0, T0 + 5_000],
    ]);
  });

  it('drops and counts what does not fit while the database is away, without waiting', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const rows: AnomalyRecord[] = [];
    const slow = { record: async (batch: AnomalyRecord[]) => (await held, rows.push(...batch), batch.length) };
    const policy = { ...ANOMALY_WRITE_POLICY, bufferBound: 3, flushIntervalMs: 0 };
    const sut = new AnomalyWriter(slow, new AlertMetrics(registry), policy);

    // 2 buffered, then 2 more of which 1 fits the bound of 3, then 1 that finds no room
    sut.record([aFinding(), aFinding({ ts: T0 + 1 })], unitOf, T0);
    sut.record([aFinding({ ts: T0 + 2 }), aFinding({ ts: T0 + 3 })], unitOf, T0);
    sut.record([aFinding({ ts: T0 + 4 })], unitOf, T0);
    release();
    await sut.close();

    expect(rows.map((r) => r.ts - T0).sort()).toEqual([0, 1, 2]);
    expect(await outcomes(registry)).toEqual({ stored: 3, dropped: 2 });
  });
});
