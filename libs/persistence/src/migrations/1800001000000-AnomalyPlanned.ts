import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Anomalies found in the model's planned downtime: kept, but marked, since they raised no alert. */
export class AnomalyPlanned1800001000000 implements MigrationInterface {
  name = 'AnomalyPlanned1800001000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // the default as each database writes false, so the schema matches the entity's `default: false`
    const no = queryRunner.connection.driver.options.type === 'postgres' ? 'false' : '0';
    await queryRunner.addColumn('anomaly', new TableColumn({ name: 'planned', type: 'boolean', default: no }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('anomaly', 'planned');
  }
}
