import { Command } from 'commander';

const program = new Command();
program.name('bsc').description('Balanced Scorecard twin: models, data, forecasts').version('0.1.0');
program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`bsc: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
