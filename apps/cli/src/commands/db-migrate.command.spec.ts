import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { openDataSource } from '@bsc/persistence';
import { registerDbCommands } from './db-migrate.command';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe(registerDbCommands.name, () => {
  let dir: string;
  let sqlitePath: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bsc-db-'));
    sqlitePath = join(dir, 'bsc.sqlite');
    process.exitCode = undefined;
  });
  afterEach(() => {
    process.exitCode = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (...args: string[]) => {
    process.exitCode = undefined;
    const stdout = capture();
    const stderr = capture();
    const sut = new Command().exitOverride();
    registerDbCommands(sut, () => ({ sqlitePath }), { stdout: stdout.stream, stderr: stderr.stream });
    await sut.parseAsync(['node', 'bsc', 'db', ...args]);
    return { out: stdout.text(), err: stderr.text(), exitCode: process.exitCode };
  };

  it('reports drift with exit code 1 before migrating, and none after', async () => {
    const before = await run('drift');
    const migrate = await run('migrate');
    const after = await run('drift');

    expect(before.exitCode).toBe(1);
    expect(before.err).toMatch(/pending migration: InitialSchema\d+/);
    expect(migrate.out).toMatch(/^applied InitialSchema\d+\napplied SampleImportWatermark\d+\n$/);
    expect(after).toEqual({ out: 'no drift: the schema matches the entities\n', err: '', exitCode: undefined });
  });

  it('says the database is up to date when nothing is pending', async () => {
    await run('migrate');

    await expect(run('migrate')).resolves.toMatchObject({ out: 'database is up to date\n' });
  });

  it('reports a schema changed by hand as drift', async () => {
    await run('migrate');
    const dataSource = await openDataSource({ sqlitePath }, { migrate: false });
    await dataSource.query('DROP INDEX "IDX_alert_unit_status"');
    await dataSource.destroy();

    const result = await run('drift');

    expect(result.exitCode).toBe(1);
    expect(result.err).toContain('IDX_alert_unit_status');
    expect(result.err).toContain('write a migration');
  });

  it('reverts the last migration', async () => {
    await run('migrate');

    const reverted = [await run('revert'), await run('revert')];
    const nothing = await run('revert');

    // newest first
    expect(reverted.map((r) => r.out).join('')).toMatch(/^reverted SampleImportWatermark\d+\nreverted InitialSchema\d+\n$/);
    expect(nothing.out).toBe('nothing to revert\n');
  });
});
