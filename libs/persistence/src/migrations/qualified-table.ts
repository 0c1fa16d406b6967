import type { QueryRunner } from 'typeorm';

/**
 * A table's name as migrations write it in raw SQL: escaped, and under the connection's schema when it has one (the
 * integration tests run each case in a schema of its own). Shared by the migrations, so it must not change meaning.
 */
export function qualified(queryRunner: QueryRunner, table: string): string {
  const { driver, options } = queryRunner.connection;
  return [(options as { schema?: string }).schema, table]
    .filter((part): part is string => !!part)
    .map((part) => driver.escape(part))
    .join('.');
}
