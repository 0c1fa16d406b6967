import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/** Bound-parameter ceilings: SQLITE_MAX_VARIABLE_NUMBER (3.32+) and the pg wire protocol's Int16 count. */
const MAX_PARAMETERS = { sqlite: 32_766, postgres: 65_535 } as const;

/** Rows per PostgreSQL statement that binds one array per column: it only bounds the size of one statement. */
export const PG_ARRAY_ROWS_PER_STATEMENT = 20_000;

/** One hand-written statement and its bound values. */
export interface Statement {
  sql: string;
  params: unknown[];
}

export function isPostgres(dataSource: DataSource): boolean {
  return dataSource.options.type === 'postgres';
}

/** The escaped, schema-qualified table name of an entity, for hand-written SQL. */
export function tableRef(dataSource: DataSource, target: EntityTarget<ObjectLiteral>): string {
  const { tablePath } = dataSource.getMetadata(target);
  return tablePath
    .split('.')
    .map((part) => dataSource.driver.escape(part))
    .join('.');
}

/** How many rows of `columnsPerRow` bound values fit in one statement on this driver. */
export function maxRowsPerStatement(dataSource: DataSource, columnsPerRow: number): number {
  const limit = isPostgres(dataSource) ? MAX_PARAMETERS.postgres : MAX_PARAMETERS.sqlite;
  return Math.floor(limit / columnsPerRow);
}

/** "($1, $2), ($3, $4)" on pg, "(?, ?), (?, ?)" on SQLite. */
export function valuesPlaceholders(dataSource: DataSource, rows: number, columnsPerRow: number): string {
  const { driver } = dataSource;
  // positional parameters (SQLite's `?`) are the same in every tuple: one tuple repeated, no string per parameter
  if (rows > 0 && driver.createParameter('p', 0) === driver.createParameter('p', 1)) {
    const tuple = `(${new Array<string>(columnsPerRow).fill(driver.createParameter('p', 0)).join(', ')})`;
    return tuple + `, ${tuple}`.repeat(rows - 1);
  }
  const tuples: string[] = [];
  let index = 0;
  for (let row = 0; row < rows; row++) {
    const cells: string[] = [];
    for (let column = 0; column < columnsPerRow; column++) cells.push(dataSource.driver.createParameter('p', index++));
    tuples.push(`(${cells.join(', ')})`);
  }
  return tuples.join(', ');
}

/**
 * Slices of `items` of at most `maxRows` each, for one multi-row statement apiece. On SQLite every slice has a
 * power-of-two size (the largest that fits, then the binary digits of the rest), so the batch sizes that vary from
 * write to write map onto a dozen statement texts the driver's prepared-statement cache keeps: preparing a
 * thousand-row VALUES statement costs about 2 us a row, as much as running it. PostgreSQL re-plans every text anyway.
 */
export function statementChunks<T>(dataSource: DataSource, items: readonly T[], maxRows: number): T[][] {
  if (isPostgres(dataSource)) return chunk(items, maxRows);
  const chunks: T[][] = [];
  let size = 2 ** Math.floor(Math.log2(Math.max(1, maxRows)));
  for (let start = 0; start < items.length;) {
    while (size > items.length - start) size /= 2;
    chunks.push(items.slice(start, start + size));
    start += size;
  }
  return chunks;
}

/** A column of a hand-written insert: its name, its PostgreSQL array type and how a row gives its value. */
export type InsertColumn<R> = readonly [name: string, pgType: string, of: (row: R) => unknown];

/**
 * PostgreSQL: inserts of `rows` binding one array per column through `unnest` (as many parameters as columns
 * whatever the row count, one text to parse; rows keep their order). TypeORM's insert builder binds a parameter a
 * cell and names and escapes each, which costs more CPU than the write itself for large batches.
 */
export function pgArrayInserts<R>(
  dataSource: DataSource,
  target: EntityTarget<ObjectLiteral>,
  columns: ReadonlyArray<InsertColumn<R>>,
  rows: readonly R[],
): Statement[] {
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const sql = `INSERT INTO ${tableRef(dataSource, target)} (${names}) SELECT * FROM unnest(${arrays})`;
  return chunk(rows, PG_ARRAY_ROWS_PER_STATEMENT).map((part) => ({
    sql,
    params: columns.map(([, , of]) => part.map(of)),
  }));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
