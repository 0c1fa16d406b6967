import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PERSISTENCE_MIGRATIONS } from '../migrations';
import { createDataSourceOptions, DEFAULT_SQLITE_PATH, isPostgresUrl } from './data-source-options';
import { openDataSource } from './open-data-source';

describe(createDataSourceOptions.name, () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bsc-ds-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['postgres://postgres@127.0.0.1:5432/test', true],
    ['postgresql://u:p@db/bsc', true],
    ['POSTGRES://db/bsc', true],
    ['mysql://db/bsc', false],
    [undefined, false],
  ])('treats %s as PostgreSQL: %s', (url, expected) => {
    expect(isPostgresUrl(url)).toBe(expected);
  });

  it('targets PostgreSQL for a postgres URL, never synchronising', () => {
    const sut = createDataSourceOptions({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/test', schema: 'it_x' });

    expect(sut).toMatchObject({
      type: 'postgres',
      url: 'postgres://postgres@127.0.0.1:5432/test',
      schema: 'it_x',
      synchronize: false,
      migrationsRun: false,
    });
    expect(sut.entities).toHaveLength(24); // the 23 tables before, and idempotency_key
    expect(sut.migrations).toEqual([...PERSISTENCE_MIGRATIONS]);
  });

  it('defaults to SQLite at data/bsc.sqlite, relative to the working directory', () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const sut = createDataSourceOptions({});

      expect(sut).toMatchObject({ type: 'better-sqlite3', database: DEFAULT_SQLITE_PATH });
      expect(existsSync(join(dir, 'data'))).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });

  it('creates the SQLite directory and opens the file in WAL mode with foreign keys and a busy timeout', async () => {
    const sqlitePath = join(dir, 'nested', 'bsc.sqlite');
    const sut = createDataSourceOptions({ sqlitePath });

    expect(sut).toMatchObject({ type: 'better-sqlite3', database: sqlitePath, synchronize: false });
    expect(existsSync(join(dir, 'nested'))).toBe(true);

    const dataSource = await openDataSource({ sqlitePath }, { migrate: false });
    try {
      const pragma = async (name: string) =>
        Object.values((await dataSource.query<object[]>(`PRAGMA ${name}`))[0])[0] as unknown;
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5_000);
    } finally {
      await dataSource.destroy();
    }
  });
});
