import { Registry } from 'prom-client';
import { ForecastCycleMetrics } from './forecast-cycle.metrics';

describe(ForecastCycleMetrics.name, () => {
  it('counts each cycle in its bucket by outcome, adds the samples fed and keeps the last good end', async () => {
    const registry = new Registry();
    const sut = new ForecastCycleMetrics(registry);
    // 4.5 s and 90 s ok, 2 s failed before its daily values; ends at 1,000 s, 2,000 s and 3,000 s after the epoch
    sut.finished('ok', 995_500, 1_000_000, 1_200);
    sut.finished('ok', 1_910_000, 2_000_000, 300);
    sut.finished('failed', 2_998_000, 3_000_000);
    const text = await registry.metrics();
    const line = (name: string) => text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
    expect(text).toContain('bsc_forecast_cycle_seconds_bucket{le="1",outcome="ok"} 0');
    expect(text).toContain('bsc_forecast_cycle_seconds_bucket{le="5",outcome="ok"} 1');
    expect(text).toContain('bsc_forecast_cycle_seconds_bucket{le="60",outcome="ok"} 1');
    expect(text).toContain('bsc_forecast_cycle_seconds_bucket{le="120",outcome="ok"} 2');
    expect(text).toContain('bsc_forecast_cycle_seconds_sum{outcome="ok"} 94.5');
    expect(text).toContain('bsc_forecast_cycle_seconds_count{outcome="failed"} 1');
    expect(line('bsc_forecast_daily_samples_fed_total')).toBe('bsc_forecast_daily_samples_fed_total 1500');
    // the failed cycle leaves the last good end where it was
    expect(line('bsc_forecast_last_cycle_completed_seconds')).toBe('bsc_forecast_last_cycle_completed_seconds 2000');
  });
});
