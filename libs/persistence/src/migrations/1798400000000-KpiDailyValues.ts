import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const RECEIVED_INDEX = new TableIndex({ name: 'IDX_signal_sample_received', columnNames: ['received_at'] });

/**
 * Daily KPI values for the forecasts, kept up to date incrementally, and an index on the samples' receipt time:
 * the samples received since the last update (late ones included) are found by a range, not a table scan.
 */
export class KpiDailyValues1798400000000 implements MigrationInterface {
  name = 'KpiDailyValues1798400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'kpi_daily_value',
        withoutRowid: true,
        columns: [
          { name: 'series_key', type: 'varchar', length: '512', isPrimary: true },
          { name: 'day_start', type: 'bigint', isPrimary: true },
          { name: 'value', type: 'double precision', isNullable: true },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'kpi_daily_state',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'model_checksum', type: 'varchar', length: '64' },
          { name: 'frontier', type: 'bigint' },
          { name: 'received_by', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex('signal_sample', RECEIVED_INDEX);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('signal_sample', RECEIVED_INDEX.name!);
    await queryRunner.dropTable('kpi_daily_state');
    await queryRunner.dropTable('kpi_daily_value');
  }
}
