import type { DataSource } from 'typeorm';

export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

/**
 * The statements matching `kind` that the data source runs from now on, in order, to plan them afterwards (the
 * EXPLAINs of them are not recorded). The caller restores the logger with `jest.restoreAllMocks()`.
 */
export function recordStatements(dataSource: DataSource, kind = /^SELECT\b/): RecordedStatement[] {
  const statements: RecordedStatement[] = [];
  jest.spyOn(dataSource.logger, 'logQuery').mockImplementation((sql, params) => {
    if (kind.test(sql)) statements.push({ sql, params: params ?? [] });
  });
  return statements;
}
