import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The forecast job's kept model structures (see ForecastStructureEntity), so that a restart does not lose them. */
export class ForecastStructures1800800000000 implements MigrationInterface {
  name = 'ForecastStructures1800800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'forecast_structure',
        columns: [
          { name: 'key', type: 'varchar', length: '300', isPrimary: true },
          { name: 'structures', type: 'text' },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
    );
    await queryRunner.createIndex(
      'forecast_structure',
      new TableIndex({ name: 'IDX_forecast_structure_updated_at', columnNames: ['updated_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('forecast_structure');
  }
}
