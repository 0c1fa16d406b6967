import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Samples without a number: `value` becomes nullable (a Bad or Uncertain status without a value, a text signal),
 * `text_value` holds the value of string signals and `status_code` the source's status code when not Good.
 * On PostgreSQL these are catalogue changes (no rewrite); SQLite rebuilds the table once.
 */
export class SampleTextAndStatus1796400000000 implements MigrationInterface {
  name = 'SampleTextAndStatus1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.changeColumn(
      'signal_sample',
      'value',
      new TableColumn({ name: 'value', type: 'double precision', isNullable: true }),
    );
    await queryRunner.addColumns('signal_sample', [
      new TableColumn({ name: 'text_value', type: 'varchar', length: '1024', isNullable: true }),
      new TableColumn({ name: 'status_code', type: 'bigint', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('signal_sample', ['text_value', 'status_code']);
    // The old schema cannot hold samples without a number.
    const { driver, options } = queryRunner.connection;
    const table = [(options as { schema?: string }).schema, 'signal_sample']
      .filter((part): part is string => !!part)
      .map((part) => driver.escape(part))
      .join('.');
    await queryRunner.query(`DELETE FROM ${table} WHERE value IS NULL`);
    await queryRunner.changeColumn(
      'signal_sample',
      'value',
      new TableColumn({ name: 'value', type: 'double precision', isNullable: false }),
    );
  }
}
