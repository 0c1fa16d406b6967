import type { DataSource } from 'typeorm';

/**
 * SQL the schema builder would run to make the database match the entities: empty when migrations and entities
 * agree. Run after migrations; a non-empty result means an entity changed without a migration (or vice versa).
 */
export async function findSchemaDrift(dataSource: DataSource): Promise<string[]> {
  const sqlInMemory = await dataSource.driver.createSchemaBuilder().log();
  return sqlInMemory.upQueries.map((query) => query.query);
}
