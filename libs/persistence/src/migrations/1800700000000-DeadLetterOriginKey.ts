import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * A dead letter about an input that can come again as the same input (a log entry delivered again after its
 * acknowledgement was lost) carries a key naming it; the unique index keeps one letter per key. Letters without a key
 * (NULL, as every existing row) are not constrained: both databases let NULLs repeat in a unique index.
 */
export class DeadLetterOriginKey1800700000000 implements MigrationInterface {
  name = 'DeadLetterOriginKey1800700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'dead_letter',
      new TableColumn({ name: 'origin_key', type: 'varchar', length: '128', isNullable: true }),
    );
    await queryRunner.createIndex(
      'dead_letter',
      new TableIndex({ name: 'UQ_dead_letter_origin_key', columnNames: ['origin_key'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('dead_letter', 'UQ_dead_letter_origin_key');
    await queryRunner.dropColumn('dead_letter', 'origin_key');
  }
}
