import { Logger } from '@nestjs/common';
import { SamplePartitionRepository } from '@bsc/persistence';
import { SignalPipeline } from '../../../apps/ingestion/src/pipeline/signal-pipeline.service';
import {
  REPEATS_ON_DATABASE_EXPECTED,
  repeatsOnDatabase,
  T,
} from '../../../apps/ingestion/src/pipeline/testing/repeats-on-database';
import { PgTestSchema } from '../persistence/pg-test-schema';

describe(`${SignalPipeline.name} on PostgreSQL: repeats of a stored signal and time`, () => {
  let db: PgTestSchema;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await PgTestSchema.create();
    await new SamplePartitionRepository(db.dataSource).maintain(T);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('refuses another value as conflicting_duplicate with a dead letter, counts an exact repeat a duplicate', async () => {
    expect(await repeatsOnDatabase(db.dataSource)).toEqual(REPEATS_ON_DATABASE_EXPECTED);
  });
});
