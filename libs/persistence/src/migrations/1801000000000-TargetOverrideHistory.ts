import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import { qualified } from './qualified-table';

// Frozen with the migration: names and columns as the entity had them when it was written.
const TABLE = 'kpi_target_override';
const SET_COLUMNS = 'kpi_id, period_key, value, lower, upper, set_by, set_at';
const column = (name: string, type: string, isNullable = false, length?: number): TableColumnOptions => ({
  name,
  type,
  isNullable,
  ...(length === undefined ? {} : { length: String(length) }),
});
const keyOf = (isPrimary: boolean): TableColumnOptions[] => [
  { ...column('kpi_id', 'varchar', false, 256), isPrimary },
  { ...column('period_key', 'varchar', false, 32), isPrimary },
];
const setColumns = (): TableColumnOptions[] => [
  column('value', 'double precision'),
  column('lower', 'double precision', true),
  column('upper', 'double precision', true),
  column('set_by', 'varchar', false, 128),
  column('set_at', 'bigint'),
];

/**
 * Target overrides keep their history: a row per override set, in force from set_at until superseded_at (replaced or
 * removed), instead of one row per (kpi, period) overwritten in place, so time travel finds the target in force then.
 * Existing overrides become rows in force. Down keeps only those in force, as the table held before.
 */
export class TargetOverrideHistory1801000000000 implements MigrationInterface {
  name = 'TargetOverrideHistory1801000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.renameTable(TABLE, `${TABLE}_current`);
    await queryRunner.createTable(
      new Table({
        name: TABLE,
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          ...keyOf(false),
          ...setColumns(),
          column('superseded_at', 'bigint', true),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_kpi_target_override_kpi_period_set_at',
            columnNames: ['kpi_id', 'period_key', 'set_at'],
          }),
          new TableIndex({
            name: 'UQ_kpi_target_override_in_force',
            columnNames: ['kpi_id', 'period_key'],
            isUnique: true,
            where: `"superseded_at" IS NULL`,
          }),
        ],
      }),
    );
    await this.copy(queryRunner, `${TABLE}_current`, TABLE, '');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.renameTable(TABLE, `${TABLE}_history`);
    await queryRunner.createTable(new Table({ name: TABLE, columns: [...keyOf(true), ...setColumns()] }));
    await this.copy(queryRunner, `${TABLE}_history`, TABLE, ' WHERE superseded_at IS NULL');
  }

  private async copy(queryRunner: QueryRunner, from: string, to: string, where: string): Promise<void> {
    const q = (name: string) => qualified(queryRunner, name);
    await queryRunner.query(`INSERT INTO ${q(to)} (${SET_COLUMNS}) SELECT ${SET_COLUMNS} FROM ${q(from)}${where}`);
    await queryRunner.dropTable(from);
  }
}
