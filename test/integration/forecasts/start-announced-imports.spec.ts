import type { INestApplication } from '@nestjs/common';
import { hourlySamples, type SignalSample } from '@bsc/common';
import { FiscalCalendar } from '@bsc/kpi';
import { IMPORTED_SAMPLE_SOURCE, KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { ApiConfigModule } from '../../../apps/api/src/config/api-config.module';
import { ApiConfig } from '../../../apps/api/src/config/api.config';
import { ForecastsModule } from '../../../apps/api/src/forecasts/forecasts.module';
import { ForecastService } from '../../../apps/api/src/forecasts/runtime/forecast.service';
import { PipelineModule } from '../../../apps/ingestion/src/pipeline/pipeline.module';
import { coreInfraImports, testConfig, useRestartedApps } from '../ingestion/support/ingestion-harness';
import { eventually } from '../../support';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The platform runs the ingestion and the API in one process: at start the KPI feed announces the samples
 * `bsc import samples` stored while it was stopped, and the forecasts must hear it (history still arriving).
 */
describe('imports stored while the platform was stopped and the forecasts (the modules on SQLite)', () => {
  const model = TwinModelBuilder.minimal().buildValid();
  const calendar = new FiscalCalendar(model.calendar);
  const apps = useRestartedApps();

  /** The KPI feed (pipeline) and the forecasts, imported in the platform's order (ingestion first). */
  const boot = (): Promise<INestApplication> =>
    apps.boot([
      ...coreInfraImports(model, apps.sqlitePath),
      PipelineModule.register(testConfig({ KPI_REPLAY_ON_START: true, SAMPLE_IMPORT_POLL_INTERVAL_S: 0 })),
      // as ApiFeaturesModule: its config, then (among others) the forecasts, run by hand here
      ApiConfigModule.forRoot(new ApiConfig()),
      ForecastsModule.register({ database: { sqlitePath: apps.sqlitePath }, autoStart: false }),
    ]);

  /** Samples stored while no app runs, received now. */
  async function store(samples: SignalSample[]): Promise<void> {
    const dataSource = await openDataSource({ sqlitePath: apps.sqlitePath });
    await new SampleRepository(dataSource).insertBatch(samples);
    await dataSource.destroy();
  }

  it('the imports of the day before yesterday make the forecast provisional once the platform starts', async () => {
    const today = calendar.periodOf(Date.now(), 'day').start;
    const before = today - 2 * DAY;
    // 60 days of live history up to yesterday: a forecast has something to fit
    await store(hourlySamples('line1.good', today - DAY - 60 * DAY, today - DAY, 10, 'opcua:opc'));
    // a run: its KPI revisions mark where it stopped
    const first = await boot();
    await eventually(async () => (await first.get(KpiValueRepository).newestRecordedAt()) !== null);
    await apps.stop(first);
    // stopped: `bsc import samples` stores the day before yesterday's 00:30 … 11:30, 12 samples, over live history
    await store(hourlySamples('line1.good', before + 30 * MINUTE, before + 12 * HOUR, 10, IMPORTED_SAMPLE_SOURCE));

    const app = await boot();
    const forecasts = app.get(ForecastService);
    await forecasts.runNow(['output']);

    // the 12 imported samples, announced by the start (seconds before the run: its clock is the real one)
    const day = new Date(before + 30 * MINUTE).toISOString().slice(0, 10);
    const view = (await forecasts.forecast('output'))!;
    expect(view.provisional).toBe(true);
    expect(view.provisionalReason).toMatch(
      new RegExp(`^history still arriving: 12 samples for past days \\(from ${day}\\), the last \\d+ s ago$`),
    );
  });
});
