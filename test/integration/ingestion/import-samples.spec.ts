import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { openDataSource, SampleRepository, type PersistenceConfig } from '@bsc/persistence';
import { registerDeadLettersCommand } from '../../../apps/cli/src/commands/dead-letters.command';
import { registerImportSamplesCommand } from '../../../apps/cli/src/commands/import-samples.command';
import { PgTestSchema, TEST_DATABASE_URL } from '../persistence/pg-test-schema';
import { tempSqlitePath } from '../../support';

jest.setTimeout(60_000);

const DEMO_MODEL = 'models/demo/acme-manufacturing.yaml';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('bsc import samples / bsc dead-letters', () => {
  const db = tempSqlitePath();
  const out = new Capture();
  const err = new Capture();
  const deps = {
    database: () => ({ sqlitePath: db.path }),
    modelFile: () => 'models/demo/acme-manufacturing.yaml',
    maxFutureS: () => 300,
    stdout: out,
    stderr: err,
    progress: false,
  };
  const run = (...args: string[]) => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    registerImportSamplesCommand(program, deps);
    registerDeadLettersCommand(program, deps);
    return program.parseAsync(['node', 'bsc', ...args]);
  };

  afterAll(() => db.cleanup());

  it('imports valid rows, reports bad rows with their line numbers and dead-letters them', async () => {
    const now = Date.now();
    const file = join(db.path, '..', 'samples.csv');
    writeFileSync(
      file,
      [
        'signal,ts,value,quality',
        `crm.complaints,${now - 3_000},2`,
        `crm.complaints,${new Date(now - 2_000).toISOString()},3,uncertain`,
        `crm.complaints,${now - 3_000},2`,
        `nope,${now},1`,
        `crm.complaints,yesterday,1`,
        `crm.complaints,${now},-4`,
        'just,two',
        `line1.energy_kwh,${now - 1_000},1500`,
      ].join('\n'),
    );
    await run('import', 'samples', file);
    expect(out.text).toContain('8 rows');
    expect(out.text).toContain('3 stored, 1 duplicates, 4 rejected');
    expect(err.text.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/samples\.csv:5: unknown_signal/),
      expect.stringMatching(/samples\.csv:6: invalid_timestamp/),
      expect.stringMatching(/samples\.csv:7: out_of_range/),
      expect.stringMatching(/samples\.csv:8: malformed_row/),
    ]);
    const dataSource = await openDataSource({ sqlitePath: db.path });
    try {
      const samples = new SampleRepository(dataSource);
      expect(await samples.count('crm.complaints')).toBe(2);
      // Wh in the source, kWh in the model.
      expect((await samples.latest(['line1.energy_kwh']))[0]).toMatchObject({ value: 1.5, source: 'csv' });
    } finally {
      await dataSource.destroy();
    }
    process.exitCode = undefined;
  });

  it('refuses a --max-age-days that is not a positive integer, importing nothing', async () => {
    const file = join(db.path, '..', 'old.csv');
    // 2000-01-01 is older than any age limit: parseInt('abc') was NaN, a bound no timestamp fell below, so it went in
    writeFileSync(file, 'crm.complaints,2000-01-01T00:00:00Z,1\n');
    const stored = async (): Promise<number> => {
      const dataSource = await openDataSource({ sqlitePath: db.path });
      try {
        return await new SampleRepository(dataSource).count('crm.complaints');
      } finally {
        await dataSource.destroy();
      }
    };
    const before = await stored();
    for (const days of ['abc', '0', '-5'])
      await expect(run('import', 'samples', file, '--max-age-days', days)).rejects.toThrow(
        `option '--max-age-days <n>' argument '${days}' is invalid. must be a positive integer, got "${days}"`,
      );
    expect(await stored()).toBe(before);
  });

  it('lists and counts the dead letters by reason', async () => {
    out.text = '';
    await run('dead-letters', 'stats');
    expect(out.text).toMatch(/invalid_timestamp\s+1/);
    expect(out.text).toMatch(/total\s+4/);
    out.text = '';
    await run('dead-letters', 'list', '--reason', 'out_of_range');
    expect(out.text.trim().split('\n')).toEqual([
      expect.stringMatching(/csv out_of_range .*samples\.csv:7: value -4 outside/),
    ]);
  });

  it('refuses stamps further ahead than INGEST_MAX_FUTURE_S, the bound the ingestion applies', async () => {
    const now = Date.now();
    const file = join(db.path, '..', 'future.csv');
    // 10 min ahead is within 15 min (900 s), 20 min is not; a fixed 5 min bound refused both
    writeFileSync(file, [`crm.complaints,${now + 10 * 60_000},1`, `crm.complaints,${now + 20 * 60_000},1`].join('\n'));
    out.text = '';
    err.text = '';
    const program = new Command().exitOverride();
    registerImportSamplesCommand(program, { ...deps, maxFutureS: () => 900 });
    await program.parseAsync(['node', 'bsc', 'import', 'samples', file]);
    process.exitCode = undefined;

    expect(out.text).toContain('2 rows');
    expect(out.text).toContain('1 stored, 0 duplicates, 1 rejected');
    expect(err.text).toMatch(/future\.csv:2: ts_in_future/);
  });
});

describe('bsc import samples on PostgreSQL', () => {
  let db: PgTestSchema;
  beforeEach(async () => {
    db = await PgTestSchema.create();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('leaves the partitions it loaded with planner statistics that count its rows', async () => {
    const now = Date.now();
    const file = join(tempSqlitePath().path, '..', 'pg-samples.csv');
    const rows = Array.from({ length: 120 }, (_, i) => `crm.complaints,${now - (i + 1) * 1_000},${i}`);
    writeFileSync(file, ['signal,ts,value', ...rows].join('\n'));
    const program = new Command().exitOverride();
    registerImportSamplesCommand(program, {
      database: () => ({ databaseUrl: TEST_DATABASE_URL, schema: db.schema }),
      modelFile: () => 'models/demo/acme-manufacturing.yaml',
      maxFutureS: () => 300,
      stdout: new Capture(),
      stderr: new Capture(),
      progress: false,
    });

    await program.parseAsync(['node', 'bsc', 'import', 'samples', file]);

    // the partitions of signal_sample as the planner sees them: never analysed is -1
    const children = await db.dataSource.query<Array<{ name: string; tuples: number }>>(
      'SELECT c.relname AS name, c.reltuples::float8 AS tuples FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid ' +
        'WHERE i.inhparent = to_regclass($1)',
      [`"${db.schema}".signal_sample`],
    );
    expect(children.reduce((sum, c) => sum + Math.max(0, c.tuples), 0)).toBe(120);
  });
});

/** A database of its own per case: `config` to reach it, `drop` to remove it. */
interface TestDatabase {
  config: PersistenceConfig;
  drop(): Promise<void>;
}

describe.each<[string, () => Promise<TestDatabase>]>([
  [
    'SQLite',
    () => {
      const db = tempSqlitePath();
      return Promise.resolve({ config: { sqlitePath: db.path }, drop: () => Promise.resolve(db.cleanup()) });
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const db = await PgTestSchema.create();
      return { config: { databaseUrl: TEST_DATABASE_URL, schema: db.schema }, drop: () => db.drop() };
    },
  ],
])('bsc import samples on %s: a row with another value for a stored signal and time', (_name, createDatabase) => {
  let db: TestDatabase;
  const files = tempSqlitePath();
  const out = new Capture();
  const err = new Capture();
  const T = Date.now() - 60_000;
  const REFUSED_5 = `crm.complaints at ${new Date(T).toISOString()} is stored as 3 (good); refused 5 (good)`;
  const program = (): Command => {
    const cli = new Command().exitOverride();
    const deps = { database: () => db.config, stdout: out, stderr: err, progress: false };
    registerImportSamplesCommand(cli, { ...deps, modelFile: () => DEMO_MODEL, maxFutureS: () => 300 });
    registerDeadLettersCommand(cli, deps);
    return cli;
  };
  const importRows = async (name: string, rows: string[]): Promise<string> => {
    const file = join(files.path, '..', name);
    writeFileSync(file, rows.join('\n'));
    out.text = '';
    err.text = '';
    await program().parseAsync(['node', 'bsc', 'import', 'samples', file]);
    return file;
  };
  const deadLetters = async (): Promise<string[]> => {
    out.text = '';
    await program().parseAsync(['node', 'bsc', 'dead-letters', 'list']);
    return out.text.trim().split('\n');
  };
  const stored = async (): Promise<number[]> => {
    const dataSource = await openDataSource(db.config);
    try {
      return (await new SampleRepository(dataSource).range('crm.complaints', T, T + 1)).map((s) => s.value);
    } finally {
      await dataSource.destroy();
    }
  };

  beforeEach(async () => {
    db = await createDatabase();
  });
  afterEach(async () => {
    process.exitCode = undefined;
    await db.drop();
  });
  afterAll(() => files.cleanup());

  it('in one file: 3 stored, 5 refused as conflicting_duplicate with its line, 3 again a duplicate', async () => {
    // line 1 stores 3; line 2 repeats (crm.complaints, T) with 5 ≠ 3: refused; line 3 repeats it with 3: duplicate
    const file = await importRows('one.csv', [
      `crm.complaints,${T},3`,
      `crm.complaints,${T},5`,
      `crm.complaints,${T},3`,
    ]);

    expect(out.text).toContain('imported 3 rows');
    expect(out.text).toContain('1 stored, 1 duplicates, 1 rejected');
    expect(err.text).toBe(`${file}:2: conflicting_duplicate: ${REFUSED_5}\n`);
    expect(process.exitCode).toBe(2);
    expect(await stored()).toEqual([3]);
    expect(await deadLetters()).toEqual([
      expect.stringContaining(` csv conflicting_duplicate ${file}:2: ${REFUSED_5} | crm.complaints,${T},5`),
    ]);
  });

  it('across runs: 3 stored by the first, 5 refused and 3 a duplicate in the second', async () => {
    await importRows('first.csv', [`crm.complaints,${T},3`]);
    expect(out.text).toContain('1 stored, 0 duplicates, 0 rejected');

    // line 1: the insert does not take 5, the stored 3 differs: refused; line 2: 3 = stored 3: duplicate
    const file = await importRows('second.csv', [`crm.complaints,${T},5`, `crm.complaints,${T},3`]);

    expect(out.text).toContain('0 stored, 1 duplicates, 1 rejected');
    expect(err.text).toBe(`${file}:1: conflicting_duplicate: ${REFUSED_5}\n`);
    expect(await stored()).toEqual([3]);
    expect(await deadLetters()).toEqual([
      expect.stringContaining(` csv conflicting_duplicate ${file}:1: ${REFUSED_5} | crm.complaints,${T},5`),
    ]);
  });
});
