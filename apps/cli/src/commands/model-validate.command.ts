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
  const model =
    program.commands.find((c) => c.name() === 'model') ??
    program.command('model').description('twin models: validate, inspect');
  return model
    .command('validate')
    .description('validate a twin model file (YAML or JSON) and report every problem')
    .argument('<file>', 'model file, e.g. models/demo/acme-manufacturing.yaml')
    .option('--json', 'print one JSON object { ok, file, counts | issues } on stdout instead of text')
    .action(async (file: string, options: { json?: boolean }) =>
      io.setExitCode(await validateModelFile(file, io, options)),
    );
}

export async function validateModelFile(
  file: string,
  io: Pick<ModelValidateIo, 'stdout' | 'stderr'>,
  options: { json?: boolean } = {},
): Promise<number> {
  let result;
  try {
    result = await loadModelFromFile(file);
  } catch (error) {
    if (error instanceof BscError && error.code === BscErrorCode.NotFound) {
      if (options.json) io.stdout.write(`${JSON.stringify({ ok: false, file, error: error.message })}\n`);
      else io.stderr.write(`${error.message}\n`);
      return MODEL_VALIDATE_EXIT.unreadable;
    }
    throw error;
  }
  if (options.json) {
    const body = result.model
      ? { ok: true, file, counts: countsOf(result.model) }
      : { ok: false, file, issues: result.issues };
    io.stdout.write(`${JSON.stringify(body)}\n`);
    return result.model ? MODEL_VALIDATE_EXIT.ok : MODEL_VALIDATE_EXIT.invalid;
  }
  if (!result.model) {
    for (const issue of result.issues) io.stderr.write(`${issue.path || file}: ${issue.message}\n`);
    io.stderr.write(`${file}: ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}\n`);
    return MODEL_VALIDATE_EXIT.invalid;
  }
  const summary = Object.entries(countsOf(result.model)).map(([label, n]) => `${n} ${label}`);
  io.stdout.write(`OK: ${summary.join(', ')}\n`);
  return MODEL_VALIDATE_EXIT.ok;
}

function countsOf(model: TwinModel): Record<string, number> {
  return {
    units: model.units.length,
    perspectives: model.perspectives.length,
    objectives: model.objectives.length,
    links: model.links.length,
    kpis: model.kpis.length,
    processes: model.processes.length,
    assets: model.assets.length,
    signals: model.signals.length,
    'opcua servers': model.opcuaServers.length,
    initiatives: model.initiatives.length,
  };
}
