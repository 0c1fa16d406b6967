import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from './program';

describe(buildProgram.name, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bsc-program-'));
  let written: string[];
  let exited: Array<{ code: string }>;

  beforeEach(() => {
    process.env.DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    written = [];
    exited = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    delete process.env.DATA_DIR;
    process.exitCode = undefined;
  });

  const run = async (...args: string[]): Promise<void> => {
    const sut = buildProgram();
    const exitOverride = (command: Command): void => {
      command.exitOverride((error) => {
        exited.push({ code: error.code });
        throw error;
      });
      command.commands.forEach(exitOverride);
    };
    exitOverride(sut);
    await sut.parseAsync(['node', 'bsc', ...args]).catch(() => undefined);
  };

  it('passes --version after a subcommand to the subcommand, not to the root', async () => {
    await run('model', 'export', '--version', '1');

    // an empty database has no version 1: the export's own answer, exit 1 (before: "0.1.0" and exit 0)
    expect(exited).toEqual([]);
    expect(written.join('')).toBe('no version 1\n');
    expect(process.exitCode).toBe(1);
  });

  it('still prints the CLI version for a root --version', async () => {
    await run('--version');

    expect(exited).toEqual([{ code: 'commander.version' }]);
    expect(written.join('')).toBe('0.1.0\n');
  });
});
