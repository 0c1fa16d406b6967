import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The anomalies the detectors report, kept so charts and queries can show past ones. */
export class Anomalies1799000000000 implements MigrationInterface {
  name = 'Anomalies1799000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'anomaly',
        withoutRowid: true,
        columns: [
          { name: 'kpi_id', type: 'varchar', length: '256', isPrimary: true },
          { name: 'ts', type: 'bigint', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '32', isPrimary: true },
          { name: 'signal_id', type: 'varchar', length: '256', isPrimary: true },
          { name: 'unit_id', type: 'varchar', length: '256' },
          { name: 'score', type: 'double precision' },
          { name: 'value', type: 'double precision', isNullable: true },
          { name: 'expected', type: 'double precision', isNullable: true },
          { name: 'lower', type: 'double precision', isNullable: true },
          { name: 'upper', type: 'double precision', isNullable: true },
          { name: 'period_key', type: 'varchar', length: '32', isNullable: true },
          { name: 'detected_at', type: 'bigint' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_anomaly_ts', columnNames: ['ts'] }),
          new TableIndex({ name: 'IDX_anomaly_unit_ts', columnNames: ['unit_id', 'ts'] }),
          new TableIndex({ name: 'IDX_anomaly_signal_ts', columnNames: ['signal_id', 'ts'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('anomaly');
  }
}
