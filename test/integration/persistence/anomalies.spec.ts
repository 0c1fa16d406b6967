import { AnomalyRepository } from '@bsc/persistence';
import {
  checkAnomalyPaging,
  checkAnomalyRepository,
  checkNewestDetected,
} from '../../../libs/persistence/src/anomalies/test-support/anomaly-cases';
import { PgTestSchema } from './pg-test-schema';

describe(`${AnomalyRepository.name} on PostgreSQL`, () => {
  let pg: PgTestSchema;

  beforeEach(async () => {
    pg = await PgTestSchema.create();
  });
  afterEach(() => pg.drop());

  it('stores a batch once, filters by time, unit, KPI, signal and score, and removes old ones', async () => {
    await checkAnomalyRepository(new AnomalyRepository(pg.dataSource));
  });

  it('pages through ties on a keyset, each finding once, in order', async () => {
    await checkAnomalyPaging(new AnomalyRepository(pg.dataSource));
  });

  it('tells when each KPI and unit last had a finding at or above a score, by detection time', async () => {
    await checkNewestDetected(new AnomalyRepository(pg.dataSource));
  });
});
