import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type ForecastCycleOutcome = 'ok' | 'failed';

/** Cycle lengths from a later cycle of the day (seconds) to a first cycle over a year of history at 10,000 KPIs. */
const BUCKETS_S = [1, 5, 15, 30, 60, 120, 300, 600, 1_800];

/**
 * What /metrics tells of the forecast cycles: how long each took and how it ended, the stored samples they fed to
 * the daily KPI engine, and when the last one that stored forecasts finished (forecasts older than the schedule
 * says they should be: cycles failing, or one running far longer than the others).
 */
export class ForecastCycleMetrics {
  private readonly seconds: Histogram<'outcome'>;
  private readonly samplesFed: Counter;
  private readonly lastOk: Gauge;

  constructor(registry: Registry) {
    this.seconds = new Histogram({
      name: 'bsc_forecast_cycle_seconds',
      help: 'Forecast cycles (jobs) of this process by outcome (ok, failed): seconds from start to forecasts stored',
      labelNames: ['outcome'],
      buckets: BUCKETS_S,
      registers: [registry],
    });
    this.samplesFed = new Counter({
      name: 'bsc_forecast_daily_samples_fed_total',
      help: 'Stored samples the forecast cycles fed to the daily KPI engine (those received since the previous cycle)',
      registers: [registry],
    });
    this.lastOk = new Gauge({
      name: 'bsc_forecast_last_cycle_completed_seconds',
      help: 'Unix time at which the last forecast cycle that stored its forecasts finished (0: none yet)',
      registers: [registry],
    });
  }

  /** A cycle that started at `startedAt` ended at `endedAt`; `samplesFed` when it got as far as the daily values. */
  finished(outcome: ForecastCycleOutcome, startedAt: number, endedAt: number, samplesFed?: number): void {
    this.seconds.labels(outcome).observe((endedAt - startedAt) / 1_000);
    if (samplesFed !== undefined) this.samplesFed.inc(samplesFed);
    if (outcome === 'ok') this.lastOk.set(endedAt / 1_000);
  }
}
