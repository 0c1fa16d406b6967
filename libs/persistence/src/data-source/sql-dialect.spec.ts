import type { DataSource } from 'typeorm';
import { PG_ARRAY_ROWS_PER_STATEMENT, pgArrayInserts, statementChunks, valuesPlaceholders } from './sql-dialect';

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

describe(pgArrayInserts.name, () => {
  const postgres = {
    getMetadata: () => ({ tablePath: 'public.thing' }),
    driver: { escape: (name: string) => `"${name}"` },
  } as unknown as DataSource;
  type Row = { id: string; n: number | null };
  const columns = [
    ['id', 'varchar', (r: Row) => r.id],
    ['n', 'float8', (r: Row) => r.n],
  ] as const;

  it('binds one array per column, rows in their order, nulls kept', () => {
    const rows: Row[] = [
      { id: 'a', n: 1 },
      { id: 'b', n: null },
      { id: 'c', n: 3 },
    ];
    expect(pgArrayInserts(postgres, 'thing', columns, rows)).toEqual([
      {
        sql: 'INSERT INTO "public"."thing" (id, n) SELECT * FROM unnest($1::varchar[], $2::float8[])',
        params: [
          ['a', 'b', 'c'],
          [1, null, 3],
        ],
      },
    ]);
  });

  it('splits a batch past one statement, in order, and writes nothing for no rows', () => {
    const rows = Array.from({ length: PG_ARRAY_ROWS_PER_STATEMENT + 2 }, (_, i) => ({ id: `s${i}`, n: i }));
    const statements = pgArrayInserts(postgres, 'thing', columns, rows);
    expect(statements.map((s) => (s.params[1] as number[]).length)).toEqual([PG_ARRAY_ROWS_PER_STATEMENT, 2]);
    expect(statements.flatMap((s) => s.params[1] as number[])).toEqual(rows.map((r) => r.n));
    expect(pgArrayInserts(postgres, 'thing', columns, [])).toEqual([]);
  });
});
