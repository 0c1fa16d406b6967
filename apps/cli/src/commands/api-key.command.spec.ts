import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { ApiKeyRepository, ModelVersionRepository, openDataSource } from '@bsc/persistence';
import { TwinModelBuilder } from '@bsc/twin';
import { registerApiKeyCommand } from './api-key.command';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('bsc api-key', () => {
  const sqlitePath = join(mkdtempSync(join(tmpdir(), 'bsc-cli-keys-')), 'bsc.sqlite');
  let out: Capture;
  let err: Capture;

  beforeAll(async () => {
    const dataSource = await openDataSource({ sqlitePath });
    const model = TwinModelBuilder.minimal().buildValid();
    await new ModelVersionRepository(dataSource).importVersion(model, 'test');
    await dataSource.destroy();
  });

  const run = async (...args: string[]): Promise<number> => {
    out = new Capture();
    err = new Capture();
    process.exitCode = undefined;
    const program = new Command().exitOverride();
    registerApiKeyCommand(program, { database: () => ({ sqlitePath }), stdout: out, stderr: err });
    await program.parseAsync(['node', 'bsc', 'api-key', ...args]);
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return code;
  };

  const withKeys = async <T>(work: (repo: ApiKeyRepository) => Promise<T>): Promise<T> => {
    const dataSource = await openDataSource({ sqlitePath }, { migrate: false });
    try {
      return await work(new ApiKeyRepository(dataSource));
    } finally {
      await dataSource.destroy();
    }
  };

  it('creates a key that authenticates, prints it once, and stores only its hash', async () => {
    const unit = TwinModelBuilder.minimal().buildValid().units[0].id;
    expect(await run('create', '--role', 'viewer', '--units', unit, '--name', 'grafana', '--json')).toBe(0);
    const printed = JSON.parse(out.text) as { id: string; key: string; role: string; units: string[] };

    expect(printed).toMatchObject({ role: 'viewer', units: [unit] });
    expect(await withKeys((repo) => repo.findActiveByKey(printed.key))).toMatchObject({
      id: printed.id,
      unitScope: unit,
      name: 'grafana',
    });
    expect(await run('list')).toBe(0);
    expect(out.text).toContain(printed.id);
    expect(out.text).not.toContain(printed.key);
  });

  it('revokes a key', async () => {
    await run('create', '--role', 'engineer', '--json');
    const { id, key } = JSON.parse(out.text) as { id: string; key: string };

    expect(await run('revoke', id)).toBe(0);
    expect(await withKeys((repo) => repo.findActiveByKey(key))).toBeNull();
  });

  it('refuses org units the active model does not have', async () => {
    expect(await run('create', '--role', 'viewer', '--units', 'no-such-unit')).toBe(1);
    expect(err.text).toMatch(/unknown org unit\(s\) in the active model: no-such-unit/);
  });

  it('refuses an unknown role', async () => {
    await expect(run('create', '--role', 'superuser')).rejects.toThrow(
      /must be one of admin, engineer, strategist, viewer/,
    );
  });
});
