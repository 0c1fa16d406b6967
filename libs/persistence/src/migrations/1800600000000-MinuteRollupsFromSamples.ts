import { MigrationInterface, QueryRunner } from 'typeorm';
import { qualified } from './qualified-table';

// Frozen with the migration: the minute width.
const MINUTE_MS = 60_000;

/**
 * Minute rollups are folded from the stored samples once their minute has closed, as hours and days were from
 * minutes, instead of upserted with every sample: every rollup row then holds exactly the samples of the minutes
 * before the fold watermark. The minute rows written from it on go (the fold writes them again from the samples);
 * reverting writes them back from the samples.
 */
export class MinuteRollupsFromSamples1800600000000 implements MigrationInterface {
  name = 'MinuteRollupsFromSamples1800600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const rollups = qualified(queryRunner, 'signal_rollup');
    const fold = qualified(queryRunner, 'signal_rollup_fold');
    await queryRunner.query(
      `DELETE FROM ${rollups} WHERE width_ms = ${MINUTE_MS} ` +
        `AND bucket_start >= (SELECT up_to FROM ${fold} WHERE name = 'folded')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const rollups = qualified(queryRunner, 'signal_rollup');
    const fold = qualified(queryRunner, 'signal_rollup_fold');
    const samples = qualified(queryRunner, 'signal_sample');
    const minute = `ts - ((ts % ${MINUTE_MS}) + ${MINUTE_MS}) % ${MINUTE_MS}`;
    await queryRunner.query(
      `WITH m AS (SELECT signal_id, ${minute} AS b, COUNT(*) AS n, SUM(value) AS total, MIN(value) AS lo, ` +
        `MAX(value) AS hi, MIN(ts) AS t0, MAX(ts) AS t1 FROM ${samples} ` +
        `WHERE ts >= (SELECT up_to FROM ${fold} WHERE name = 'folded') AND value IS NOT NULL ` +
        `GROUP BY signal_id, ${minute}) ` +
        `INSERT INTO ${rollups} (signal_id, width_ms, bucket_start, sample_count, value_sum, min_value, max_value, ` +
        `first_ts, first_value, last_ts, last_value) SELECT m.signal_id, ${MINUTE_MS}, m.b, m.n, m.total, m.lo, ` +
        `m.hi, m.t0, f.value, m.t1, l.value FROM m JOIN ${samples} f ON f.signal_id = m.signal_id AND f.ts = m.t0 ` +
        `JOIN ${samples} l ON l.signal_id = m.signal_id AND l.ts = m.t1`,
    );
  }
}
