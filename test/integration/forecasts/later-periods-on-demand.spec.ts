import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { FixedActiveModel } from '@bsc/app-kit';
import { hourlySamples } from '@bsc/common';
import { InProcessEventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import { ForecastRepository, openDataSource, SampleRepository, TargetOverrideRepository } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { DEFAULT_FORECAST_SCHEDULE } from '../../../apps/api/src/forecasts/runtime/forecast-schedule';
import { ForecastService } from '../../../apps/api/src/forecasts/runtime/forecast.service';
import { tempSqlitePath } from '../../support';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A scenario's later periods beyond the forecast runs', projected by the forecast service from stored samples. */
describe('ForecastService.laterPeriods', () => {
  // a weekly KPI: output, the week's good count (its days add up)
  const model = TwinModelBuilder.minimal().set('kpis[0].period', 'week').set('kpis[0].aggregation', 'sum').buildValid();
  const calendar = new FiscalCalendar(model.calendar);
  const db = tempSqlitePath();
  const now = Date.now();
  let dataSource: DataSource;
  let sut: ForecastService;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dataSource = await openDataSource({ sqlitePath: db.path });
    // 200 days of 10 good parts an hour up to today: 240 a day
    const today = calendar.periodOf(now, 'day').start;
    const samples = hourlySamples('line1.good', today - 200 * DAY, today, 10);
    await new SampleRepository(dataSource).insertBatch(samples);
    sut = new ForecastService(
      new FixedActiveModel(model),
      new ForecastRepository(dataSource),
      new TargetOverrideRepository(dataSource),
      { database: { sqlitePath: db.path }, schedule: DEFAULT_FORECAST_SCHEDULE, autoStart: false, clock: () => now },
      new InProcessEventBus(),
    );
    await sut.onApplicationBootstrap();
    await sut.runNow(['output']);
  });

  afterAll(async () => {
    await sut.onModuleDestroy();
    await dataSource.destroy();
    db.cleanup();
  });

  it("keeps the run's two later weeks and projects six more the same way: 7 x 240 = 1680 each", async () => {
    const cached = (await sut.forecast('output'))!;
    const later = (await sut.laterPeriods(['output'], 8)).get('output')!;

    // 200 days with a weekly season: 187 origins at most, so a week ending up to 93 days ahead; the 8th ends <= 63
    const weeks = [calendar.periodOf(now, 'week')];
    for (let k = 0; k < 8; k++) weeks.push(calendar.nextPeriod(weeks[weeks.length - 1]));
    expect(later.map((p) => p.periodKey)).toEqual(weeks.slice(1).map((w) => w.key));
    expect(cached.laterPeriods).toHaveLength(2);
    expect(later.slice(0, 2)).toEqual(cached.laterPeriods);
    for (const week of later) expect(week.expected).toBeCloseTo(1680, 6);
  });
});
