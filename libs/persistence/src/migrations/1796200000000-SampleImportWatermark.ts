import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const INDEX = new TableIndex({ name: 'IDX_signal_sample_source_received', columnNames: ['source', 'received_at'] });

/**
 * Samples written by another process (`bsc import samples`, source csv) are found by their receipt time: the
 * ingestion's KPI feed polls for ones received after its watermark, an index range instead of a table scan.
 */
export class SampleImportWatermark1796200000000 implements MigrationInterface {
  name = 'SampleImportWatermark1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('signal_sample', INDEX);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('signal_sample', INDEX.name!);
  }
}
