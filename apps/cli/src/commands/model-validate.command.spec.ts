import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { TwinModelBuilder } from '@bsc/twin';
import { MODEL_VALIDATE_EXIT, registerModelValidateCommand, type ModelValidateIo } from './model-validate.command';

const DEMO = join(__dirname, '../../../../models/demo/acme-manufacturing.yaml');

/** expect.stringMatching typed as what it is, a value to nest in an expected object (Jest types it `any`). */
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

class CapturedIo implements ModelValidateIo {
  out = '';
  err = '';
  exitCode?: number;
  stdout = { write: (text: string) => (this.out += text) };
  stderr = { write: (text: string) => (this.err += text) };
  setExitCode(code: number): void {
    this.exitCode = code;
  }
}

async function run(...args: string[]): Promise<CapturedIo> {
  const io = new CapturedIo();
  const program = new Command().exitOverride();
  registerModelValidateCommand(program, io);
  await program.parseAsync(['model', 'validate', ...args], { from: 'user' });
  return io;
}

describe(registerModelValidateCommand.name, () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'bsc-validate-'))));
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('prints a summary and exits 0 for the demo model', async () => {
    const sut = await run(DEMO);

    expect(sut.exitCode).toBe(MODEL_VALIDATE_EXIT.ok);
    expect(sut.out).toMatch(/^OK: 4 units, 4 perspectives, \d+ objectives, \d+ links, 22 kpis, .*41 signals/);
    expect(sut.err).toBe('');
  });

  it('prints one line per issue on stderr and exits 1', async () => {
    const path = join(dir, 'broken.json');
    const raw = TwinModelBuilder.minimal()
      .set('kpis[1].formula', 'ghost * 2')
      .set('units[1].parent', 'nowhere')
      .toDocument();
    await writeFile(path, JSON.stringify(raw));

    const sut = await run(path);

    expect(sut.exitCode).toBe(MODEL_VALIDATE_EXIT.invalid);
    expect(sut.out).toBe('');
    expect(sut.err.trim().split('\n')).toEqual([
      "units[1].parent: unknown org unit 'nowhere'",
      "kpis[1].formula: unknown signal or KPI 'ghost'",
      `${path}: 2 problems`,
    ]);
  });

  it('names a planned downtime start that is not HH:MM and the form expected', async () => {
    const path = join(dir, 'bad-start.json');
    const window = { scope: ['line1'], weekdays: [2], start: '25:00', duration: '45m' };
    await writeFile(
      path,
      JSON.stringify(
        TwinModelBuilder.minimal()
          .calendar({ plannedDowntime: [window] })
          .toDocument(),
      ),
    );

    const sut = await run(path);

    expect(sut.exitCode).toBe(MODEL_VALIDATE_EXIT.invalid);
    expect(sut.err.trim().split('\n')).toEqual([
      'calendar.plannedDowntime[0].start: must be local time HH:MM, 00:00–23:59 (two digits each, e.g. 07:05)',
      `${path}: 1 problem`,
    ]);
  });

  it('names the file for syntax errors that have no model path', async () => {
    const path = join(dir, 'syntax.yaml');
    await writeFile(path, 'apiVersion: [');

    const sut = await run(path);

    expect(sut.exitCode).toBe(MODEL_VALIDATE_EXIT.invalid);
    expect(sut.err).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: YAML syntax error at line 1`),
    );
  });

  it('exits 2 when the file cannot be read', async () => {
    const sut = await run(join(dir, 'missing.yaml'));

    expect(sut.exitCode).toBe(MODEL_VALIDATE_EXIT.unreadable);
    expect(sut.err).toMatch(/cannot read model file/);
  });

  it.each<[string, () => Promise<string>, number, Record<string, unknown>]>([
    [
      'a valid model',
      () => Promise.resolve(DEMO),
      MODEL_VALIDATE_EXIT.ok,
      { ok: true, counts: expect.objectContaining({ kpis: 22, signals: 41 }) },
    ],
    [
      'an invalid model',
      async () => {
        const path = join(dir, 'invalid.json');
        await writeFile(path, JSON.stringify(TwinModelBuilder.minimal().set('links[0].lag', 'soon').toDocument()));
        return path;
      },
      MODEL_VALIDATE_EXIT.invalid,
      { ok: false, issues: [{ path: 'links[0].lag', message: matching(/invalid duration 'soon'/) }] },
    ],
    [
      'a missing file',
      () => Promise.resolve(join(dir, 'nope.yaml')),
      MODEL_VALIDATE_EXIT.unreadable,
      { ok: false, error: matching(/cannot read/) },
    ],
  ])('reports %s as one JSON object with --json', async (_name, file, exitCode, body) => {
    const path = await file();

    const sut = await run(path, '--json');

    expect(sut.exitCode).toBe(exitCode);
    expect(JSON.parse(sut.out)).toEqual({ file: path, ...body });
    expect(sut.out.trim().split('\n')).toHaveLength(1);
  });

  it('joins an existing model command instead of adding a second one', () => {
    const program = new Command();
    program.command('model').command('export');

    registerModelValidateCommand(program, new CapturedIo());

    expect(program.commands.filter((c) => c.name() === 'model')).toHaveLength(1);
    expect(program.commands[0].commands.map((c) => c.name())).toEqual(['export', 'validate']);
  });
});
