import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { KpiValue } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { aKpiValue } from '../alerts/testing/alert-test-model';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import { IngestionMetrics } from '../metrics/ingestion-metrics';
import type { KpiRevisionStore } from './kpi-engine.port';
import { KpiPublisher } from './kpi-revisions';
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
