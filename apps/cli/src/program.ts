import { Command } from 'commander';
import { registerAnomalyCommand } from './commands/anomaly-detect.command';
import { registerApiKeyCommand } from './commands/api-key.command';
import { registerDbCommands } from './commands/db-migrate.command';
import { registerDeadLettersCommand } from './commands/dead-letters.command';
import { registerForecastCommand } from './commands/forecast.command';
import { registerImportSamplesCommand } from './commands/import-samples.command';
import { registerModelStoreCommands } from './commands/model-import-export.command';
import { registerModelValidateCommand } from './commands/model-validate.command';
import { registerOpcuaBrowseCommand } from './commands/opcua-browse.command';
import { registerReportCommand } from './commands/report.command';
import { cliApi, cliDatabase, cliMaxFutureS, cliModelFile, cliSampleLog } from './config/cli.config';

/** The `bsc` command tree; built separately from main.ts so tests can run commands in-process. */
export function buildProgram(): Command {
  const program = new Command();
  // Positional options: `bsc --version` is the CLI's version, `bsc model export --version 1` the subcommand's own
  // option (without this the root option swallowed it and printed 0.1.0).
  program
    .name('bsc')
    .description('Balanced Scorecard twin: models, data, forecasts')
    .version('0.1.0')
    .enablePositionalOptions();
  const model = program.command('model').description('twin models: validate, import, export');
  registerModelValidateCommand(program);
  registerModelStoreCommands(model, { database: cliDatabase });
  registerDbCommands(program, cliDatabase);
  registerImportSamplesCommand(program, {
    database: cliDatabase,
    modelFile: cliModelFile,
    maxFutureS: cliMaxFutureS,
    sampleLog: cliSampleLog,
  });
  registerDeadLettersCommand(program, { database: cliDatabase });
  registerOpcuaBrowseCommand(program);
  registerForecastCommand(program);
  registerApiKeyCommand(program, { database: cliDatabase });
  registerAnomalyCommand(program);
  registerReportCommand(program, { api: cliApi });
  return program;
}
