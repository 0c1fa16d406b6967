import { KpiValueRepository } from '@bsc/persistence';
import { checkLatestPeriods } from '../../../libs/persistence/src/kpi-values/test-support/latest-periods-cases';
import { PgTestSchema } from './pg-test-schema';

describe(`${KpiValueRepository.name}.latestPeriods on PostgreSQL`, () => {
  let pg: PgTestSchema;

  beforeEach(async () => {
    pg = await PgTestSchema.create();
  });
  afterEach(() => pg.drop());

  it("returns each KPI's latest periods, oldest first, each by the number it was closed with", async () => {
    await checkLatestPeriods(new KpiValueRepository(pg.dataSource));
  });
});
