import { Logger } from '@nestjs/common';
import { FiscalCalendar } from '@bsc/kpi';
import {
  ForecastStructureRepository,
  KeptDataSource,
  KpiDailyValueRepository,
  openDataSource,
  SamplePartitionRepository,
  SampleRepository,
  type PersistenceConfig,
} from '@bsc/persistence';
import type { TargetOverrides } from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';
import { runForecastJob, type ForecastJobOutput } from '../job/forecast-job';
import { trainKpiGlobalModel } from '../job/kpi-global-model';
import type { ForecastMemo } from '../job/forecast-memo';
import type { KeptDailyValues } from '../series/kept-daily-values';
import { updateDailyKpiSeries } from '../series/stored-daily-kpi-series';
import { storeStructures, withStoredStructures } from './stored-structures';

export interface ComputeForecastsInput {
  database: PersistenceConfig;
  /** A connection kept between jobs (a session's); without it the job opens its own and closes it after. */
  connection?: KeptDataSource;
  model: TwinModel;
  now: number;
  /**
   * Wall-clock time by which received samples are read (the wall clock when absent, never later): a scaled-out run's
   * batches pass their run's, so the first brings the daily values up to date and the others find them so.
   */
  receivedBy?: number;
  kpiIds?: readonly string[];
  /** Estimate the objective links too (always when all KPIs run). */
  links?: boolean;
  overrides?: TargetOverrides;
  /** Why the history is not settled yet (see HistoryArrival); null when it is. */
  historyLoading?: string | null;
  /** The previous run's memo: its global model, past-origin errors and method choices (see ForecastJobInput). */
  memo?: ForecastMemo;
  /** Periods after the current one to project (see ForecastJobInput). */
  laterPeriods?: number;
  /** The stored daily values as the previous run left them (see KeptDailyValues), brought up to date here. */
  dailyValues?: KeptDailyValues;
}

/** A job's output, with the stored samples its update of the daily values fed to the daily KPI engine. */
export type ComputedForecasts = ForecastJobOutput & { samplesFed?: number };

const logger = new Logger('KpiGlobalModel');
const dailyLogger = new Logger('DailyKpiValues');
const structuresLogger = new Logger('ForecastStructures');

/**
 * Brings the stored daily KPI values up to date (reading only the samples of days not closed yet, or received
 * late), reads them as daily KPI series, trains the tenant's global model on them when they are
 * enough (or keeps the previous run's while they are unchanged) and runs the job, a memo that holds nothing yet given
 * the model structures earlier runs stored, and stores those the job wrote; used inside the worker and in-process.
 */
export async function computeForecasts(input: ComputeForecastsInput): Promise<ComputedForecasts> {
  // The app's own connection ran the migrations already; this one reads (and may ANALYZE, which changes no data).
  const dataSource = await (input.connection?.get() ?? openDataSource(input.database, { migrate: false }));
  try {
    // A partition filled since its last ANALYZE looks empty to the planner, which then reads it whole and sorts for
    // every page of the replay below: at 20,000 samples/s a first cycle cost the database minutes of CPU beside the
    // ingestion's writes. The ingestion gathers them every minute; the reader makes sure before it reads.
    const statistics = await new SamplePartitionRepository(dataSource).analyzeStale();
    if (statistics.analysed.length > 0) dailyLogger.log(statistics, 'sample partition statistics gathered');
    const { series, figures } = await updateDailyKpiSeries(
      input.model,
      new SampleRepository(dataSource),
      new KpiDailyValueRepository(dataSource),
      Math.min(input.receivedBy ?? Infinity, Date.now()),
      undefined,
      input.dailyValues,
    );
    dailyLogger.log(figures, `daily KPI values updated (${figures.mode})`);
    const today = new FiscalCalendar(input.model.calendar).periodOf(input.now, 'day').start;
    const global = await trainKpiGlobalModel(series, today, {}, input.memo?.global);
    const structures = new ForecastStructureRepository(dataSource);
    // hints only: a database that cannot give or take them costs searches, never the forecasts
    const memo = await withStoredStructures(input.memo, structures).catch((error: unknown) => {
      structuresLogger.warn({ err: error }, 'stored model structures not read');
      return input.memo;
    });
    const output = runForecastJob({
      model: input.model,
      series,
      now: input.now,
      kpiIds: input.kpiIds,
      links: input.links,
      overrides: input.overrides,
      global,
      historyLoading: input.historyLoading,
      memo,
      laterPeriods: input.laterPeriods,
    });
    // after the job: a restarted worker starts from them (see withStoredStructures)
    await storeStructures(structures, memo, output.memo, Date.now()).then(
      (written) => written > 0 && structuresLogger.debug({ written }, 'model structures stored'),
      (error: unknown) => structuresLogger.warn({ err: error }, 'model structures not stored'),
    );
    const { joined = [], ...report } = output.global ?? global.report;
    logger.log({ ...report, joined: joined.length, joinedSeries: joined }, `global model ${report.reason}`);
    return { ...output, samplesFed: figures.samplesRead };
  } finally {
    if (!input.connection) await dataSource.destroy();
  }
}
