import type { DataSource } from 'typeorm';
import { statementChunks, valuesPlaceholders } from './sql-dialect';

/** Only the driver's parameter syntax matters here: SQLite's positional `?`, PostgreSQL's numbered `$n`. */
const dialects = {
  sqlite: { options: { type: 'better-sqlite3' }, driver: { createParameter: () => '?' } } as unknown as DataSource,
  postgres: {
    options: { type: 'postgres' },
    driver: { createParameter: (_: string, index: number) => `$${index + 1}` },
  } as unknown as DataSource,
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

describe(statementChunks.name, () => {
  const sizes = (dialect: keyof typeof dialects, count: number, maxRows: number): number[] =>
    statementChunks(
      dialects[dialect],
      Array.from({ length: count }, (_, i) => i),
      maxRows,
    ).map((c) => c.length);

  it.each([
    // 1000 = 512 + 256 + 128 + 64 + 32 + 8 (its binary digits, 1111101000)
    { count: 1000, maxRows: 4095, expected: [512, 256, 128, 64, 32, 8] },
    // 2048 fits under 2978 but 4096 does not: 5000 = 2048 + 2048 + 512 + 256 + 128 + 8
    { count: 5000, maxRows: 2978, expected: [2048, 2048, 512, 256, 128, 8] },
    { count: 1, maxRows: 2978, expected: [1] },
    { count: 0, maxRows: 2978, expected: [] },
  ])('SQLite: $count rows under $maxRows go in power-of-two statements $expected', ({ count, maxRows, expected }) => {
    expect(sizes('sqlite', count, maxRows)).toEqual(expected);
  });

  it('keeps every item once, in order', () => {
    const items = Array.from({ length: 37 }, (_, i) => i);
    expect(statementChunks(dialects.sqlite, items, 10).flat()).toEqual(items);
  });

  it('PostgreSQL: full slices of the maximum and the rest', () => {
    expect(sizes('postgres', 5000, 2978)).toEqual([2978, 2022]);
  });
});
