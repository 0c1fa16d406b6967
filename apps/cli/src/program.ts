import { Command } from 'commander';
import { registerDbCommands } from './commands/db-migrate.command';
import { registerForecastCommand } from './commands/forecast.command';
import { registerModelStoreCommands } from './commands/model-import-export.command';
import { registerModelValidateCommand } from './commands/model-validate.command';
import { cliDatabase } from './config/cli.config';

/** The `bsc` command tree; built separately from main.ts so tests can run commands in-process. */
export function buildProgram(): Command {
  const program = new Command();
  program.name('bsc').description('Balanced Scorecard twin: models, data, forecasts').version('0.1.0');
  const model = program.command('model').description('twin models: validate, import, export');
  registerModelValidateCommand(program);
  registerModelStoreCommands(model, { database: cliDatabase });
  registerDbCommands(program, cliDatabase);
  registerForecastCommand(program);
  return program;
}
