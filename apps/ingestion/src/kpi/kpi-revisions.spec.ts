import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { KpiValue } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { KpiValueRepository, openDataSource } from '@bsc/persistence';
import { aKpiValue, NOV_START } from '../alerts/testing/alert-test-model';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import type { KpiRevisionStore } from './kpi-engine.port';
import { appendLatest, KpiPublisher } from './kpi-revisions';
import { until } from '../../../../scripts/rig/wait';

const value = (kpiId: string, v: number): KpiValue => aKpiValue(v, Date.UTC(2026, 11, 7), { kpiId });

/** A revision store that refuses writes until `up`, and counts the revisions it keeps. */
class FlakyStore implements KpiRevisionStore {
  up = false;
  kept = 0;

  appendRevisions(values: readonly KpiValue[]): Promise<number> {
    if (!this.up) return Promise.reject(new Error('relation "kpi_revision" is locked'));
    this.kept += values.length;
    return Promise.resolve(values.length);
  }

  newestRecordedAt(): Promise<number | null> {
    return Promise.resolve(null);
  }
}

describe(KpiPublisher.name, () => {
  it('reports its revisions degraded once they have waited the stall bound with none written, and ready once written', async () => {
    const store = new FlakyStore();
    let now = 1_000_000;
    const quiet = new Logger('test');
    jest.spyOn(quiet, 'warn').mockImplementation(() => undefined);
    const metrics = new IngestionMetrics(new Registry(), new ConnectorStatusRegistry());
    const sut = new KpiPublisher(store, new InProcessEventBus(), metrics, quiet, () => now);
    expect(sut.health(30_000)).toEqual({
      ok: true,
      detail: { stalled: false, waiting: 0, sinceProgressMs: 0, bufferDepth: 0 },
    });

    sut.publish([value('output', 10), value('scrap_rate', 2)], 1, now);
    now += 29_999;
    expect(sut.health(30_000).ok).toBe(true);
    now += 1;
    expect(sut.health(30_000)).toEqual({
      ok: false,
      detail: {
        stalled: true,
        waiting: 1,
        sinceProgressMs: 30_000,
        bufferDepth: 2,
        reason: '1 update(s) of KPI revisions waiting and none written for 30 s',
      },
    });

    store.up = true;
    await until(() => Promise.resolve(store.kept === 2), 10_000);
    await until(() => Promise.resolve(sut.health(30_000).ok), 5_000);
    expect(sut.health(30_000).detail).toEqual({ stalled: false, waiting: 0, sinceProgressMs: 0, bufferDepth: 0 });
    await sut.close();
  });
});

/** quality's October number (closed when November's first came) or November's, as the feed publishes them. */
const OCT_START = Date.UTC(2026, 9, 1);
const october = (v: number) =>
  aKpiValue(v, NOV_START, { periodKey: '2026-10', periodStart: OCT_START, periodEnd: NOV_START });
const november = (v: number) => aKpiValue(v, NOV_START);
const revision = (value: KpiValue) => ({ value, modelVersion: 1 });

describe(appendLatest.name, () => {
  const S = Date.UTC(2026, 10, 1, 0, 0, 1);
  let sut: KpiValueRepository;
  let close: () => Promise<void>;

  beforeEach(async () => {
    const dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new KpiValueRepository(dataSource);
    close = () => dataSource.destroy();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await close();
  });

  /** The numbers latestPeriods reads back for quality, oldest period first. */
  const closedWith = async () => (await sut.latestPeriods(['quality'], 2)).map((r) => [r.periodKey, r.value]);

  it("keeps the number a period was closed with when a late revision follows the next period's first in one batch", async () => {
    // October at 90, November's first 95 (it closes October at 90), then a late October revision 70, all in one
    // second's batch, written in the same millisecond: October was closed with 90, not 70
    jest.spyOn(Date, 'now').mockReturnValue(S);
    await appendLatest(sut, [revision(october(90)), revision(november(95)), revision(october(70))]);

    expect(await closedWith()).toEqual([
      ['2026-10', 90],
      ['2026-11', 95],
    ]);
  });

  it('keeps it when the closing number was written a batch before and both others land in one', async () => {
    // October's 90 written at S - 1 s; November's first 95 and then October's late 70 in the next batch, at S
    const now = jest.spyOn(Date, 'now').mockReturnValue(S - 1_000);
    await appendLatest(sut, [revision(october(90))]);
    now.mockReturnValue(S);
    await appendLatest(sut, [revision(november(95)), revision(october(70))]);

    expect(await closedWith()).toEqual([
      ['2026-10', 90],
      ['2026-11', 95],
    ]);
  });

  it('keeps a revision that came before the next period began: it is the closing one', async () => {
    // 90, then 88 (still before November), then November's 95: October was closed with 88
    jest.spyOn(Date, 'now').mockReturnValue(S);
    await appendLatest(sut, [revision(october(90)), revision(october(88)), revision(november(95))]);

    expect(await closedWith()).toEqual([
      ['2026-10', 88],
      ['2026-11', 95],
    ]);
  });
});
