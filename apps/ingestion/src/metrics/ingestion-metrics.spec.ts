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
