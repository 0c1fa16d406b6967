import { Logger } from '@nestjs/common';
import { FiscalCalendar } from '@bsc/kpi';
import { openDataSource, SampleRepository, type PersistenceConfig } from '@bsc/persistence';
import type { TargetOverrides } from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';
import { runForecastJob, type ForecastJobOutput } from '../job/forecast-job';
import { trainKpiGlobalModel } from '../job/kpi-global-model';
import { buildDailyKpiSeries } from '../series/daily-kpi-series';

export interface ComputeForecastsInput {
  database: PersistenceConfig;
  model: TwinModel;
  now: number;
  kpiIds?: readonly string[];
  overrides?: TargetOverrides;
}

const logger = new Logger('KpiGlobalModel');

/**
 * Reads the stored samples, builds daily KPI series, trains the tenant's global model on them when they are
 * enough and runs the job; used inside the worker and in-process.
 */
export async function computeForecasts(input: ComputeForecastsInput): Promise<ForecastJobOutput> {
  // The app's own connection ran the migrations already; this one only reads.
  const dataSource = await openDataSource(input.database, { migrate: false });
  try {
    const samples = new SampleRepository(dataSource);
    const series = await buildDailyKpiSeries(input.model, samples.replay());
    const today = new FiscalCalendar(input.model.calendar).periodOf(input.now, 'day').start;
    const global = await trainKpiGlobalModel(series, today);
    const output = runForecastJob({
      model: input.model,
      series,
      now: input.now,
      kpiIds: input.kpiIds,
      overrides: input.overrides,
      global,
    });
    const { joined = [], ...report } = output.global ?? global.report;
    logger.log({ ...report, joined: joined.length, joinedSeries: joined }, `global model ${report.reason}`);
    return output;
  } finally {
    await dataSource.destroy();
  }
}
