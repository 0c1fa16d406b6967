import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { openDataSource } from '@bsc/persistence';
import { SignalPipeline } from './signal-pipeline.service';
import { REPEATS_ON_DATABASE_EXPECTED, repeatsOnDatabase } from './testing/repeats-on-database';

describe(`${SignalPipeline.name} on SQLite: repeats of a stored signal and time`, () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it('refuses another value as conflicting_duplicate with a dead letter, counts an exact repeat a duplicate', async () => {
    expect(await repeatsOnDatabase(dataSource)).toEqual(REPEATS_ON_DATABASE_EXPECTED);
  });
});
