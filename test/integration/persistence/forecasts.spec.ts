import { ForecastRepository } from '@bsc/persistence';
import { checkLatestBefore } from '../../../libs/persistence/src/forecasts/test-support/forecast-cases';
import { PgTestSchema } from './pg-test-schema';

describe(`${ForecastRepository.name} on PostgreSQL`, () => {
  let pg: PgTestSchema;

  beforeEach(async () => {
    pg = await PgTestSchema.create();
  });
  afterEach(() => pg.drop());

  it('returns per KPI the newest forecast with a period end made before a time', async () => {
    await checkLatestBefore(new ForecastRepository(pg.dataSource));
  });
});
