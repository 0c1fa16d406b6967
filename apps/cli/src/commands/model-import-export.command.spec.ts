import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { TwinModelBuilder, serializeModel, loadModelFromText } from '@bsc/twin';
import { registerModelStoreCommands } from './model-import-export.command';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('bsc model import/export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsc-cli-'));
  const sqlitePath = join(dir, 'bsc.sqlite');
  let out: Capture;
  let err: Capture;

  const run = async (...args: string[]): Promise<number> => {
    out = new Capture();
    err = new Capture();
    process.exitCode = undefined;
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    registerModelStoreCommands(program.command('model'), {
      database: () => ({ sqlitePath }),
      stdout: out,
      stderr: err,
    });
    await program.parseAsync(['node', 'bsc', 'model', ...args]);
    const code = Number(process.exitCode ?? 0);
    process.exitCode = undefined;
    return code;
  };

  it('imports a model, keeps the version when unchanged, and exports it back identically', async () => {
    const model = TwinModelBuilder.minimal().buildValid();
    const file = join(dir, 'twin.yaml');
    writeFileSync(file, serializeModel(model, 'yaml'));

    expect(await run('import', file)).toBe(0);
    expect(out.text).toMatch(/imported .+ as version 1/);
    expect(await run('import', file)).toBe(0);
    expect(out.text).toMatch(/unchanged; version 1 stays in force/);
    expect(await run('export', '--format', 'json')).toBe(0);
    expect(loadModelFromText(out.text, 'json').model).toEqual(model);
  });

  it('refuses an invalid model with one line per problem and imports nothing', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      serializeModel(TwinModelBuilder.minimal().buildValid(), 'yaml').replace(/orgUnit: \S+/, 'orgUnit: nowhere'),
    );

    expect(await run('import', file)).toBe(1);
    expect(err.text).toMatch(/^kpis\[\d+\]\.orgUnit: .*nowhere/m);
    expect(err.text).toMatch(/nothing imported/);
  });

  it('names a planned downtime start that is not HH:MM and the form expected', async () => {
    const file = join(dir, 'bad-start.json');
    const window = { scope: ['line1'], weekdays: [2], start: '7:5', duration: '45m' };
    writeFileSync(
      file,
      JSON.stringify(
        TwinModelBuilder.minimal()
          .calendar({ plannedDowntime: [window] })
          .toDocument(),
      ),
    );

    expect(await run('import', file)).toBe(1);
    expect(err.text.split('\n')[0]).toBe(
      'calendar.plannedDowntime[0].start: must be local time HH:MM, 00:00–23:59 (two digits each, e.g. 07:05)',
    );
  });

  it('refuses a --version that is not a positive integer, naming the flag', async () => {
    // parseInt('abc') was NaN: the command looked it up and printed "no version NaN"
    await expect(run('export', '--version', 'abc')).rejects.toThrow(
      `option '--version <n>' argument 'abc' is invalid. must be a positive integer, got "abc"`,
    );
    expect(err.text).toBe('');
  });

  it('rejects an unknown export format', async () => {
    expect(await run('export', '--format', 'xml')).toBe(2);
    expect(err.text).toMatch(/--format: expected yaml or json/);
  });
});
