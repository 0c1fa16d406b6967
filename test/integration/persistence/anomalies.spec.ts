import { AnomalyRepository } from '@bsc/persistence';
import { checkAnomalyRepository } from '../../../libs/persistence/src/anomalies/test-support/anomaly-cases';
import { PgTestSchema } from './pg-test-schema';

describe(`${AnomalyRepository.name} on PostgreSQL`, () => {
  let pg: PgTestSchema;

  beforeAll(async () => {
    pg = await PgTestSchema.create();
  });
  afterAll(() => pg.drop());

  it('stores a batch once, filters by time, unit, KPI, signal and score, and removes old ones', async () => {
    await checkAnomalyRepository(new AnomalyRepository(pg.dataSource));
  });
});
