import { Logger } from '@nestjs/common';
import { hourlySamples } from '@bsc/common';
import { SamplePartitionRepository, SampleRepository } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { computeForecasts } from '../../../apps/api/src/forecasts/runtime/compute-forecasts';
import { PgTestSchema, TEST_DATABASE_URL } from '../persistence/pg-test-schema';

jest.setTimeout(60_000);

const HOUR = 3_600_000;

/**
 * A sample partition filled since its last ANALYZE looks empty to PostgreSQL's planner, which then reads it whole
 * and sorts it for every page of the daily values' replay. The forecast cycle, the reader, gathers the statistics
 * first instead of waiting for the ingestion's next maintenance minute.
 */
describe('a forecast cycle on PostgreSQL', () => {
  let db: PgTestSchema;

  beforeAll(async () => {
    db = await PgTestSchema.create();
  });
  afterAll(() => db.drop());

  const children = async (): Promise<string[]> =>
    (
      await db.dataSource.query<Array<{ name: string }>>(
        'SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid ' +
          'WHERE i.inhparent = to_regclass($1) ORDER BY 1',
        [`"${db.schema}".signal_sample`],
      )
    ).map((r) => r.name);
  const analysed = async (): Promise<string[]> =>
    (
      await db.dataSource.query<Array<{ name: string }>>(
        'SELECT DISTINCT tablename AS name FROM pg_stats WHERE schemaname = $1 ORDER BY 1',
        [db.schema],
      )
    ).map((r) => r.name);

  it('gathers the statistics of the partitions holding samples before it replays them', async () => {
    const now = Date.now();
    await new SamplePartitionRepository(db.dataSource).maintain(now);
    // no autovacuum: only the cycle may gather them here
    for (const name of await children())
      await db.dataSource.query(`ALTER TABLE "${db.schema}"."${name}" SET (autovacuum_enabled = false)`);
    // 60 days of an hourly good count (older months land in the default partition)
    const end = Math.floor(now / HOUR) * HOUR;
    const samples = hourlySamples('line1.good', end - 60 * 24 * HOUR, end, 10);
    await new SampleRepository(db.dataSource).insertBatch(samples);
    const [{ holding }] = await db.dataSource.query<Array<{ holding: string[] }>>(
      `SELECT array_agg(DISTINCT tableoid::regclass::text) AS holding FROM "${db.schema}".signal_sample`,
    );
    expect(await analysed()).toEqual([]);

    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const output = await computeForecasts({
        database: { databaseUrl: TEST_DATABASE_URL, schema: db.schema },
        model: TwinModelBuilder.minimal().buildValid(),
        now,
      });

      expect(output.forecasts.length).toBeGreaterThan(0);
      const names = holding.map((qualified) => qualified.split('.').pop()!.replace(/"/g, ''));
      // the empty partitions ahead are left alone
      expect(await analysed()).toEqual([...names].sort());
      expect(log).toHaveBeenCalledWith(
        { analysed: [...names].sort(), skipped: [] },
        'sample partition statistics gathered',
      );
    } finally {
      log.mockRestore();
    }
  });
});
