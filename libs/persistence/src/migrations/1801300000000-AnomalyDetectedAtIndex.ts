import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const NAME = 'IDX_anomaly_kpi_unit_detected_at';

/**
 * The alert runtime reads a KPI's findings in a unit by detection time (the newest, and those since a rule's hold),
 * and no index held detected_at: each read walked every finding of the KPI, or of the unit, so its cost grew with
 * the anomalies kept. Equal KPI and unit first, then the range on detected_at.
 */
export class AnomalyDetectedAtIndex1801300000000 implements MigrationInterface {
  name = 'AnomalyDetectedAtIndex1801300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'anomaly',
      new TableIndex({ name: NAME, columnNames: ['kpi_id', 'unit_id', 'detected_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('anomaly', NAME);
  }
}
