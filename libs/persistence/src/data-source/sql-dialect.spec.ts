import type { DataSource } from 'typeorm';
import { valuesPlaceholders } from './sql-dialect';

/** Only the driver's parameter syntax matters here: SQLite's positional `?`, PostgreSQL's numbered `$n`. */
const dialects = {
  sqlite: { driver: { createParameter: () => '?' } } as unknown as DataSource,
  postgres: { driver: { createParameter: (_: string, index: number) => `$${index + 1}` } } as unknown as DataSource,
};

describe(valuesPlaceholders.name, () => {
  it.each([
    { dialect: 'sqlite' as const, rows: 0, columns: 2, expected: '' },
    { dialect: 'sqlite' as const, rows: 1, columns: 3, expected: '(?, ?, ?)' },
    { dialect: 'sqlite' as const, rows: 3, columns: 2, expected: '(?, ?), (?, ?), (?, ?)' },
    { dialect: 'postgres' as const, rows: 0, columns: 2, expected: '' },
    { dialect: 'postgres' as const, rows: 2, columns: 3, expected: '($1, $2, $3), ($4, $5, $6)' },
  ])('$dialect, $rows row(s) of $columns', ({ dialect, rows, columns, expected }) => {
    expect(valuesPlaceholders(dialects[dialect], rows, columns)).toBe(expected);
  });
});
