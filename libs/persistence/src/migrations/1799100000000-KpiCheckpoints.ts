import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Compact KPI engine checkpoints, one per model version, with the sample position they cover: a restart restores
 * one and reads only the samples after it instead of the history its open periods span.
 */
export class KpiCheckpoints1799100000000 implements MigrationInterface {
  name = 'KpiCheckpoints1799100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.createTable(
      new Table({
        name: 'kpi_checkpoint',
        columns: [
          { name: 'model_version', type: 'integer', isPrimary: true },
          { name: 'taken_at', type: 'bigint' },
          { name: 'received_by', type: 'bigint' },
          { name: 'watermark', type: 'bigint' },
          { name: 'cut', type: 'bigint' },
          { name: 'format', type: 'integer' },
          { name: 'state', type: postgres ? 'bytea' : 'blob' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('kpi_checkpoint');
  }
}
