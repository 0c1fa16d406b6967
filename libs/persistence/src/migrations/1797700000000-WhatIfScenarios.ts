import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Saved what-if scenarios (drivers and settings as JSON), listed newest first. */
export class WhatIfScenarios1797700000000 implements MigrationInterface {
  name = 'WhatIfScenarios1797700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'what_if_scenario',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'scenario', type: 'text' },
          { name: 'created_by', type: 'varchar', length: '128' },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [new TableIndex({ name: 'IDX_what_if_scenario_created_at', columnNames: ['created_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('what_if_scenario');
  }
}
