import { Command } from 'commander';
import { BscError, BscErrorCode } from '@bsc/common';
import { loadModelFromFile, type TwinModel } from '@bsc/twin';

/** Exit codes of `bsc model validate`: scripts tell a broken model from a missing file. */
export const MODEL_VALIDATE_EXIT = { ok: 0, invalid: 1, unreadable: 2 } as const;

/** Where the command writes and how it ends; injectable so tests need no process. */
export interface ModelValidateIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  setExitCode(code: number): void;
}

const PROCESS_IO: ModelValidateIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** `bsc model validate FILE`: prints a summary (exit 0), or one `path: message` line per issue on stderr (exit 1). */
export function registerModelValidateCommand(program: Command, io: ModelValidateIo = PROCESS_IO): Command {
  const model = program.commands.find((c) => c.name() === 'model') ?? program.command('model').description('twin models: validate, inspect');
  return model
    .command('validate')
    .description('validate a twin model file (YAML or JSON) and report every problem')
    .argument('<file>', 'model file, e.g. models/demo/acme-manufacturing.yaml')
    .action(async (file: string) => io.setExitCode(await validateModelFile(file, io)));
}

export async function validateModelFile(file: string, io: Pick<ModelValidateIo, 'stdout' | 'stderr'>): Promise<number> {
  let result;
  try {
    result = await loadModelFromFile(file);
  } catch (error) {
    if (error instanceof BscError && error.code === BscErrorCode.NotFound) {
      io.stderr.write(`${error.message}\n`);
      return MODEL_VALIDATE_EXIT.unreadable;
    }
    throw error;
  }
  if (!result.model) {
    for (const issue of result.issues) io.stderr.write(`${issue.path || file}: ${issue.message}\n`);
    io.stderr.write(`${file}: ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}\n`);
    return MODEL_VALIDATE_EXIT.invalid;
  }
  io.stdout.write(`OK: ${summary(result.model)}\n`);
  return MODEL_VALIDATE_EXIT.ok;
}

function summary(model: TwinModel): string {
  const counts: Array<[number, string]> = [
    [model.units.length, 'units'],
    [model.perspectives.length, 'perspectives'],
    [model.objectives.length, 'objectives'],
    [model.links.length, 'links'],
    [model.kpis.length, 'kpis'],
    [model.processes.length, 'processes'],
    [model.assets.length, 'assets'],
    [model.signals.length, 'signals'],
    [model.opcuaServers.length, 'opcua servers'],
    [model.initiatives.length, 'initiatives'],
  ];
  return counts.map(([n, label]) => `${n} ${label}`).join(', ');
}
