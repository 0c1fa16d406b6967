import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { openDataSource, ModelVersionRepository, type PersistenceConfig } from '@bsc/persistence';
import { loadModelFromFile, serializeModel } from '@bsc/twin';
import { positiveInt } from './option-parsers';

export interface ModelStoreDeps {
  database: () => PersistenceConfig;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

async function withVersions<T>(
  deps: ModelStoreDeps,
  work: (versions: ModelVersionRepository) => Promise<T>,
): Promise<T> {
  const dataSource = await openDataSource(deps.database());
  try {
    return await work(new ModelVersionRepository(dataSource));
  } finally {
    await dataSource.destroy();
  }
}

/** `bsc model import FILE` and `bsc model export [--format] [--version N]` on the configured database. */
export function registerModelStoreCommands(model: Command, deps: ModelStoreDeps): void {
  const out = deps.stdout ?? process.stdout;
  const err = deps.stderr ?? process.stderr;

  model
    .command('import')
    .argument('<file>', 'twin model file (.yaml, .yml or .json)')
    .option('--by <name>', 'who imports it (kept with the version)', userInfo().username)
    .description('validate a model and store it as a new version (previous versions are kept)')
    .action(async (file: string, options: { by: string }) => {
      const result = await loadModelFromFile(file);
      if (!result.model) {
        for (const issue of result.issues) err.write(`${issue.path}: ${issue.message}\n`);
        err.write(`${file}: ${result.issues.length} problem(s); nothing imported\n`);
        process.exitCode = 1;
        return;
      }
      const model = result.model;
      const { version, created } = await withVersions(deps, (versions) => versions.importVersion(model, options.by));
      out.write(
        created
          ? `imported ${model.id} as version ${version.version}\n`
          : `${model.id} is unchanged; version ${version.version} stays in force\n`,
      );
    });

  model
    .command('export')
    .option('--format <format>', 'yaml or json', 'yaml')
    .option('--model <id>', 'model id (default: the most recently imported model)')
    .option('--version <n>', 'a past version instead of the one in force', positiveInt)
    .description('print the model in force (or a past version)')
    .action(async (options: { format: string; model?: string; version?: number }) => {
      if (options.format !== 'yaml' && options.format !== 'json') {
        err.write(`--format: expected yaml or json, got '${options.format}'\n`);
        process.exitCode = 2;
        return;
      }
      const stored = await withVersions(deps, (versions) =>
        options.version === undefined ? versions.active(options.model) : versions.get(options.version, options.model),
      );
      if (!stored) {
        err.write(
          options.version === undefined ? 'no model has been imported yet\n' : `no version ${options.version}\n`,
        );
        process.exitCode = 1;
        return;
      }
      out.write(serializeModel(stored.model, options.format));
    });
}
