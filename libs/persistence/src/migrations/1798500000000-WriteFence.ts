import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Fencing tokens per name: a KPI worker that lost its partition's lease can no longer write its KPI values. */
export class WriteFence1798500000000 implements MigrationInterface {
  name = 'WriteFence1798500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'write_fence',
        columns: [
          { name: 'name', type: 'varchar', length: '200', isPrimary: true },
          { name: 'token', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('write_fence');
  }
}
