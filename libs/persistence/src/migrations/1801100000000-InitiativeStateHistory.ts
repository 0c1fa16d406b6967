import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import { qualified } from './qualified-table';

// Frozen with the migration: names and columns as the entity had them when it was written.
const TABLE = 'initiative_state';
const STATE_COLUMNS = 'initiative_id, status, progress, budget_actual, milestones, updated_at, updated_by';
const column = (name: string, type: string, isNullable = false, length?: number): TableColumnOptions => ({
  name,
  type,
  isNullable,
  ...(length === undefined ? {} : { length: String(length) }),
});
const stateColumns = (): TableColumnOptions[] => [
  column('status', 'varchar', false, 16),
  column('progress', 'double precision'),
  column('budget_actual', 'double precision', true),
  column('milestones', 'text'),
  column('updated_at', 'bigint'),
  column('updated_by', 'varchar', false, 128),
];

/**
 * Initiative states keep their history: a row per update, in force from updated_at until superseded_at (the next
 * update), instead of one row per initiative overwritten in place, so a past scorecard or briefing book shows the
 * status and progress of then. Existing states become rows in force. Down keeps only those in force.
 */
export class InitiativeStateHistory1801100000000 implements MigrationInterface {
  name = 'InitiativeStateHistory1801100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.renameTable(TABLE, `${TABLE}_current`);
    await queryRunner.createTable(
      new Table({
        name: TABLE,
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          column('initiative_id', 'varchar', false, 256),
          ...stateColumns(),
          column('superseded_at', 'bigint', true),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_initiative_state_initiative_updated_at',
            columnNames: ['initiative_id', 'updated_at'],
          }),
          new TableIndex({
            name: 'UQ_initiative_state_in_force',
            columnNames: ['initiative_id'],
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
    await queryRunner.createTable(
      new Table({
        name: TABLE,
        columns: [{ ...column('initiative_id', 'varchar', false, 256), isPrimary: true }, ...stateColumns()],
      }),
    );
    await this.copy(queryRunner, `${TABLE}_history`, TABLE, ' WHERE superseded_at IS NULL');
  }

  private async copy(queryRunner: QueryRunner, from: string, to: string, where: string): Promise<void> {
    const q = (name: string) => qualified(queryRunner, name);
    await queryRunner.query(`INSERT INTO ${q(to)} (${STATE_COLUMNS}) SELECT ${STATE_COLUMNS} FROM ${q(from)}${where}`);
    await queryRunner.dropTable(from);
  }
}
