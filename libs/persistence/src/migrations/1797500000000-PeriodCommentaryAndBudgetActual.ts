import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/**
 * Period commentary on KPIs and objectives, one row per saved version (time travel reads the newest known at T),
 * and the money spent so far on an initiative beside its budget.
 */
export class PeriodCommentaryAndBudgetActual1797500000000 implements MigrationInterface {
  name = 'PeriodCommentaryAndBudgetActual1797500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'period_commentary',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'subject_kind', type: 'varchar', length: '16' },
          { name: 'subject_id', type: 'varchar', length: '256' },
          { name: 'period_key', type: 'varchar', length: '32' },
          { name: 'analysis', type: 'text' },
          { name: 'actions', type: 'text' },
          { name: 'author', type: 'varchar', length: '128' },
          { name: 'recorded_at', type: 'bigint' },
        ],
        indices: [
          new TableIndex({
            name: 'IDX_period_commentary_lookup',
            columnNames: ['subject_kind', 'subject_id', 'period_key', 'recorded_at'],
          }),
        ],
      }),
    );
    await queryRunner.addColumn(
      'initiative_state',
      new TableColumn({ name: 'budget_actual', type: 'double precision', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('initiative_state', 'budget_actual');
    await queryRunner.dropTable('period_commentary');
  }
}
