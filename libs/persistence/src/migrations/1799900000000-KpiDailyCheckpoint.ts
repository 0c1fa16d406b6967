import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * The daily KPI engine's checkpoint beside the stored daily values: a forecast cycle restores it and reads only the
 * samples received since, instead of every sample of the open day.
 */
export class KpiDailyCheckpoint1799900000000 implements MigrationInterface {
  name = 'KpiDailyCheckpoint1799900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.addColumn(
      'kpi_daily_state',
      new TableColumn({ name: 'checkpoint', type: postgres ? 'bytea' : 'blob', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('kpi_daily_state', 'checkpoint');
  }
}
