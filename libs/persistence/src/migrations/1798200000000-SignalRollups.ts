import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { qualified } from './qualified-table';

/** Frozen with the migration: minute, hour and day, as the write path keeps them. */
const WIDTHS_MS = [60_000, 3_600_000, 86_400_000];

/**
 * Rollups of each signal's numeric samples per minute, hour and day (count, sum, min, max, first, last), filled
 * from the samples already stored; from here on the statement that inserts samples keeps them up to date.
 */
export class SignalRollups1798200000000 implements MigrationInterface {
  name = 'SignalRollups1798200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const dbl = (name: string) => ({ name, type: 'double precision' });
    const bigint = (name: string) => ({ name, type: 'bigint' });
    await queryRunner.createTable(
      new Table({
        name: 'signal_rollup',
        withoutRowid: true,
        columns: [
          { name: 'signal_id', type: 'varchar', length: '256', isPrimary: true },
          { name: 'width_ms', type: 'integer', isPrimary: true },
          { ...bigint('bucket_start'), isPrimary: true },
          { name: 'sample_count', type: 'integer' },
          dbl('value_sum'),
          dbl('min_value'),
          dbl('max_value'),
          bigint('first_ts'),
          dbl('first_value'),
          bigint('last_ts'),
          dbl('last_value'),
        ],
      }),
    );
    const samples = qualified(queryRunner, 'signal_sample');
    const rollups = qualified(queryRunner, 'signal_rollup');
    for (const w of WIDTHS_MS) {
      const bucket = `ts - ((ts % ${w}) + ${w}) % ${w}`;
      await queryRunner.query(
        `INSERT INTO ${rollups} (signal_id, width_ms, bucket_start, sample_count, value_sum, min_value, max_value, ` +
          'first_ts, first_value, last_ts, last_value) ' +
          `SELECT g.signal_id, ${w}, g.b, g.n, g.s, g.mn, g.mx, g.fts, f.value, g.lts, l.value FROM ` +
          `(SELECT signal_id, ${bucket} AS b, COUNT(*) AS n, SUM(value) AS s, MIN(value) AS mn, MAX(value) AS mx, ` +
          `MIN(ts) AS fts, MAX(ts) AS lts FROM ${samples} WHERE value IS NOT NULL GROUP BY signal_id, ${bucket}) g ` +
          `JOIN ${samples} f ON f.signal_id = g.signal_id AND f.ts = g.fts ` +
          `JOIN ${samples} l ON l.signal_id = g.signal_id AND l.ts = g.lts`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('signal_rollup');
  }
}
