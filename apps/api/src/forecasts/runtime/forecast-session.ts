import type { TwinModel } from '@bsc/twin';
import { KeptDataSource, type PersistenceConfig } from '@bsc/persistence';
import { computeForecasts, type ComputedForecasts, type ComputeForecastsInput } from './compute-forecasts';
import { ForecastMemos, type ForecastRunKind } from './forecast-memos';
import { KeptDailyValues } from '../series/kept-daily-values';

/** What one forecast job carries: the model and the memo stay with the session that runs it. */
export type ForecastRequest = Omit<
  ComputeForecastsInput,
  'database' | 'connection' | 'model' | 'memo' | 'dailyValues'
> & {
  kind: ForecastRunKind;
};

/** A job's output without its memo (the session keeps it). */
export type ForecastRunOutput = Omit<ComputedForecasts, 'memo'>;

export type ComputeForecasts = (input: ComputeForecastsInput) => Promise<ComputedForecasts>;

/**
 * The model in force, the runs' memos, the stored daily values as the last run left them and a database connection,
 * and the jobs run with them one after another: inside the forecast worker, or in-process where a worker cannot
 * work. A job that fails leaves the memos as they were.
 */
export class ForecastSession {
  private readonly memos = new ForecastMemos();
  private readonly dailyValues = new KeptDailyValues();
  // a scaled-out run is hundreds of small batches: one connection for them, not one each
  private readonly connection: KeptDataSource;

  constructor(
    private readonly database: PersistenceConfig,
    private model: TwinModel,
    private readonly compute: ComputeForecasts = computeForecasts,
  ) {
    this.connection = new KeptDataSource(database);
  }

  /** A new model version: the memos stay (their keys name all an entry depends on; gone KPIs drop at the next cycle). */
  setModel(model: TwinModel): void {
    this.model = model;
  }

  async run(request: ForecastRequest): Promise<ForecastRunOutput> {
    const { kind, ...job } = request;
    const model = this.model;
    const { memo, ...output } = await this.compute({
      ...job,
      database: this.database,
      connection: this.connection,
      model,
      memo: this.memos.handed(kind, job.kpiIds),
      dailyValues: this.dailyValues,
    });
    this.memos.keep(
      kind,
      job.kpiIds,
      memo,
      model.kpis.map((k) => k.id),
    );
    return output;
  }

  /** Closes the kept connection (a later job opens it again). */
  close(): Promise<void> {
    return this.connection.close();
  }
}
