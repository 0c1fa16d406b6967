import { Registry } from 'prom-client';
import type { KpiEngineStats } from '@bsc/kpi';
import { ConnectorStatusRegistry } from '../connectors/connector-status.registry';
import { IngestionMetrics } from './ingestion-metrics';

const stats: KpiEngineStats = {
  accepted: 100,
  duplicates: 0,
  beyondRetention: 7,
  ignored: 0,
  invalid: 0,
  evaluations: 40,
  unheldWindows: 2,
  unjoined: 3,
  queuedStaleness: 5,
};

async function scraped(registry: Registry, name: string): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values[0]?.value;
}

describe(IngestionMetrics.name, () => {
  it('reads the KPI engine counts of late data at scrape time, 0 before there is an engine', async () => {
    const registry = new Registry();
    const sut = new IngestionMetrics(registry, new ConnectorStatusRegistry());
    expect(await scraped(registry, 'bsc_kpi_windows_unheld')).toBe(0);
    sut.kpiEngineProbe = () => undefined;
    expect(await scraped(registry, 'bsc_kpi_samples_unjoined')).toBe(0);
    sut.kpiEngineProbe = () => stats;
    expect(await scraped(registry, 'bsc_kpi_samples_beyond_horizon')).toBe(7);
    expect(await scraped(registry, 'bsc_kpi_windows_unheld')).toBe(2);
    expect(await scraped(registry, 'bsc_kpi_samples_unjoined')).toBe(3);
  });
});

describe('IngestionMetrics.observeKpiLag', () => {
  /** [upper bound, cumulative count] of a histogram's buckets up to `top`. */
  async function buckets(registry: Registry, name: string, top: number): Promise<Array<[number, number]>> {
    const metric = await registry.getSingleMetric(name)?.get();
    // a histogram's values name their series (_bucket, _sum, _count)
    const values = (metric?.values ?? []) as Array<{
      metricName?: string;
      labels: { le?: string | number };
      value: number;
    }>;
    return values
      .filter((v) => v.metricName === `${name}_bucket` && Number(v.labels.le) <= top)
      .map((v) => [Number(v.labels.le), v.value]);
  }

  it('observes each message once: from its receipt, and from its newest timestamp', async () => {
    const registry = new Registry();
    const sut = new IngestionMetrics(registry, new ConnectorStatusRegistry());
    const now = 100_000;
    sut.observeKpiLag(
      [
        // a message received 200 ms ago whose newest sample was stamped 3.5 s ago (it waited in a broker)
        { receivedAt: now - 200, ts: now - 4_500 },
        { receivedAt: now - 200, ts: now - 3_500 },
        // a message received 50 ms ago, stamped 20 ms in the future (a source clock ahead): no lag
        { receivedAt: now - 50, ts: now + 20 },
      ],
      now,
    );
    expect(await buckets(registry, 'bsc_ingest_lag_seconds', 0.25)).toEqual(
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25].map((le) => [le, le < 0.05 ? 0 : le < 0.25 ? 1 : 2]),
    );
    expect(await buckets(registry, 'bsc_ingest_source_lag_seconds', 5)).toEqual(
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5].map((le) => [
        le,
        le < 4 ? 1 : 2,
      ]),
    );
  });
});
