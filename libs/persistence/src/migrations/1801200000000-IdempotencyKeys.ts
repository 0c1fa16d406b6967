import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** HTTP Idempotency-Keys in the shared database, so a retry that reaches another replica is recognised. */
export class IdempotencyKeys1801200000000 implements MigrationInterface {
  name = 'IdempotencyKeys1801200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_key',
        columns: [
          { name: 'key', type: 'varchar', length: '255', isPrimary: true },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'claim', type: 'varchar', length: '64' },
          { name: 'response', type: 'text', isNullable: true },
          { name: 'expires_at', type: 'bigint' },
        ],
        indices: [new TableIndex({ name: 'IDX_idempotency_key_expires_at', columnNames: ['expires_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_key');
  }
}
