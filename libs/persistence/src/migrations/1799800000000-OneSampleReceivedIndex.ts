import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const RECEIVED_INDEX = new TableIndex({ name: 'IDX_signal_sample_received', columnNames: ['received_at'] });

/**
 * Every sample insert maintained two indexes on received_at, (source, received_at) and (received_at): together a
 * quarter to a third of the server's cost per inserted row on PostgreSQL. (source, received_at) stays and serves both
 * the import watermark (one source) and the samples of any source received since a checkpoint (one index range per
 * source, the sources found by a walk of the same index), so (received_at) goes.
 */
export class OneSampleReceivedIndex1799800000000 implements MigrationInterface {
  name = 'OneSampleReceivedIndex1799800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('signal_sample', RECEIVED_INDEX.name!);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('signal_sample', RECEIVED_INDEX);
  }
}
