import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { qualified } from './qualified-table';

// Frozen with the migration: the names and the minute width.
const INDEX = 'IDX_signal_rollup_width_start';
const MINUTE_MS = 60_000;

/**
 * Hour and day rollups are folded from closed minutes instead of upserted with every sample: the fold's watermark
 * (`folded`, and `closing`, the target of the fold in progress), and an index of the rollups by width and start for
 * the fold's range of minutes. Every stored minute is already in its hour and day rows, so both start after the
 * newest minute row (0 when there is none).
 */
export class SignalRollupFold1800520000000 implements MigrationInterface {
  name = 'SignalRollupFold1800520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'signal_rollup_fold',
        columns: [
          { name: 'name', type: 'varchar', length: '16', isPrimary: true },
          { name: 'up_to', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'signal_rollup',
      new TableIndex({ name: INDEX, columnNames: ['width_ms', 'bucket_start'] }),
    );
    const fold = qualified(queryRunner, 'signal_rollup_fold');
    const rollups = qualified(queryRunner, 'signal_rollup');
    await queryRunner.query(
      `INSERT INTO ${fold} (name, up_to) SELECT n.name, COALESCE(MAX(r.bucket_start) + ${MINUTE_MS}, 0) ` +
        `FROM (SELECT 'folded' AS name UNION ALL SELECT 'closing') n ` +
        `LEFT JOIN ${rollups} r ON r.width_ms = ${MINUTE_MS} GROUP BY n.name`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // fold what is left, so the hour and day rows hold every minute again, as the write path before kept them
    const fold = qualified(queryRunner, 'signal_rollup_fold');
    const t = qualified(queryRunner, 'signal_rollup');
    const [row] = (await queryRunner.query(`SELECT up_to FROM ${fold} WHERE name = 'folded'`)) as Array<{
      up_to: string | number;
    }>;
    const from = Number(row.up_to);
    const merge = (c: string, pick: string) => `${c} = CASE WHEN excluded.${pick} THEN excluded.${c} ELSE r.${c} END`;
    await queryRunner.query(
      'INSERT INTO ' +
        t +
        ' AS r (signal_id, width_ms, bucket_start, sample_count, value_sum, min_value, max_value, first_ts, ' +
        'first_value, last_ts, last_value) SELECT signal_id, w, b, SUM(sample_count), SUM(value_sum), ' +
        'MIN(min_value), MAX(max_value), MIN(first_ts), MIN(fv), MAX(last_ts), MIN(lv) FROM (' +
        'SELECT signal_id, w, b, sample_count, value_sum, min_value, max_value, first_ts, last_ts, ' +
        'FIRST_VALUE(first_value) OVER (PARTITION BY signal_id, w, b ORDER BY first_ts) AS fv, ' +
        'FIRST_VALUE(last_value) OVER (PARTITION BY signal_id, w, b ORDER BY last_ts DESC) AS lv FROM (' +
        'SELECT m.signal_id, x.w, m.bucket_start - ((m.bucket_start % x.w) + x.w) % x.w AS b, m.sample_count, ' +
        'm.value_sum, m.min_value, m.max_value, m.first_ts, m.first_value, m.last_ts, m.last_value FROM ' +
        t +
        ' m CROSS JOIN (SELECT 3600000 AS w UNION ALL SELECT 86400000) x ' +
        `WHERE m.width_ms = ${MINUTE_MS} AND m.bucket_start >= ${from}) k) f WHERE true GROUP BY signal_id, w, b ` +
        'ON CONFLICT (signal_id, width_ms, bucket_start) DO UPDATE SET ' +
        'sample_count = r.sample_count + excluded.sample_count, value_sum = r.value_sum + excluded.value_sum, ' +
        [
          merge('min_value', 'min_value < r.min_value'),
          merge('max_value', 'max_value > r.max_value'),
          merge('first_ts', 'first_ts < r.first_ts'),
          merge('first_value', 'first_ts < r.first_ts'),
          merge('last_ts', 'last_ts > r.last_ts'),
          merge('last_value', 'last_ts > r.last_ts'),
        ].join(', '),
    );
    await queryRunner.dropIndex('signal_rollup', INDEX);
    await queryRunner.dropTable('signal_rollup_fold');
  }
}
