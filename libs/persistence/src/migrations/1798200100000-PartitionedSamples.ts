import { MigrationInterface, QueryRunner } from 'typeorm';
import { qualified } from './qualified-table';

// Frozen with the migration: names and columns as the entity had them when it was written.
const PK = 'PK_f58dff8a0c2ec8c19fe45371957';
const COLUMNS = 'signal_id, ts, value, quality, source, received_at, text_value, status_code';
const DEFINITION =
  'signal_id varchar(256) NOT NULL, ts bigint NOT NULL, value double precision, quality varchar(16) NOT NULL, ' +
  'source varchar(128) NOT NULL, received_at bigint NOT NULL, text_value varchar(1024), status_code bigint';
const MONTHS_AHEAD = 3;

/**
 * PostgreSQL only: signal_sample becomes a table partitioned by UTC month of ts (the key (signal_id, ts) holds the
 * partition key, so it stays the primary key and ON CONFLICT keeps working), with a default partition for months
 * not created yet. Existing samples are copied into a partition per month they fall in. SQLite keeps one table.
 */
export class PartitionedSamples1798200100000 implements MigrationInterface {
  name = 'PartitionedSamples1798200100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    const q = (name: string) => qualified(queryRunner, name);
    await queryRunner.query(`ALTER TABLE ${q('signal_sample')} RENAME TO signal_sample_unpartitioned`);
    await renameKeys(queryRunner, 'signal_sample_unpartitioned', '', '_unpartitioned');
    await createKeyed(queryRunner, 'signal_sample', 'PARTITION BY RANGE (ts)', '');
    await queryRunner.query(`CREATE TABLE ${q('signal_sample_default')} PARTITION OF ${q('signal_sample')} DEFAULT`);
    const months = (await queryRunner.query(
      "SELECT DISTINCT (extract(epoch FROM date_trunc('month', to_timestamp(ts / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint::text AS m " +
        `FROM ${q('signal_sample_unpartitioned')}`,
    )) as Array<{ m: string }>;
    const starts = new Set(months.map(({ m }) => Number(m)));
    const now = new Date();
    for (let i = 0; i <= MONTHS_AHEAD; i++) starts.add(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
    for (const start of starts) {
      const d = new Date(start);
      const name = `signal_sample_p${String(d.getUTCFullYear()).padStart(4, '0')}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
      const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      await queryRunner.query(
        `CREATE TABLE ${q(name)} PARTITION OF ${q('signal_sample')} FOR VALUES FROM (${start}) TO (${end})`,
      );
    }
    await queryRunner.query(
      `INSERT INTO ${q('signal_sample')} (${COLUMNS}) SELECT ${COLUMNS} FROM ${q('signal_sample_unpartitioned')}`,
    );
    await queryRunner.query(`DROP TABLE ${q('signal_sample_unpartitioned')}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    const q = (name: string) => qualified(queryRunner, name);
    await createKeyed(queryRunner, 'signal_sample_plain', '', '_plain');
    await queryRunner.query(
      `INSERT INTO ${q('signal_sample_plain')} (${COLUMNS}) SELECT ${COLUMNS} FROM ${q('signal_sample')}`,
    );
    // drops every partition with it
    await queryRunner.query(`DROP TABLE ${q('signal_sample')}`);
    await queryRunner.query(`ALTER TABLE ${q('signal_sample_plain')} RENAME TO signal_sample`);
    await renameKeys(queryRunner, 'signal_sample', '_plain', '');
  }
}

/** The sample table with its key and indexes, their names suffixed (names are unique per schema). */
async function createKeyed(queryRunner: QueryRunner, table: string, partitioning: string, suffix: string) {
  const q = (name: string) => qualified(queryRunner, name);
  await queryRunner.query(
    `CREATE TABLE ${q(table)} (${DEFINITION}, CONSTRAINT "${PK}${suffix}" PRIMARY KEY (signal_id, ts)) ${partitioning}`,
  );
  await queryRunner.query(`CREATE INDEX "IDX_signal_sample_ts_signal${suffix}" ON ${q(table)} (ts, signal_id)`);
  await queryRunner.query(
    `CREATE INDEX "IDX_signal_sample_source_received${suffix}" ON ${q(table)} (source, received_at)`,
  );
}

async function renameKeys(queryRunner: QueryRunner, table: string, from: string, to: string): Promise<void> {
  const q = (name: string) => qualified(queryRunner, name);
  await queryRunner.query(`ALTER TABLE ${q(table)} RENAME CONSTRAINT "${PK}${from}" TO "${PK}${to}"`);
  for (const index of ['IDX_signal_sample_ts_signal', 'IDX_signal_sample_source_received'])
    await queryRunner.query(`ALTER INDEX ${q(index + from)} RENAME TO "${index}${to}"`);
}
