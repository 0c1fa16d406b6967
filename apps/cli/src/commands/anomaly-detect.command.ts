import { Command } from 'commander';
import { writeFileSync } from 'fs';
import { parseNabTimestamp, readCsvRows, scoreSeries } from '@bsc/forecasting';

export interface AnomalyDetectOptions {
  in: string;
  out: string;
}

/**
 * Reads a `timestamp,value` CSV (NAB's format), scores every row with the platform's signal detector (the same
 * code and settings as ingestion) and writes `timestamp,value,anomaly_score`. Returns the number of rows.
 */
export function runAnomalyDetect(options: AnomalyDetectOptions): number {
  const rows = readCsvRows(options.in);
  if (rows.length > 0 && (!('timestamp' in rows[0]) || !('value' in rows[0]))) {
    throw new Error(`${options.in}: expected the columns timestamp,value`);
  }
  const timestamps = rows.map((r) => parseNabTimestamp(r.timestamp));
  const values = rows.map((r) => Number(r.value));
  const scores = scoreSeries(values, timestamps);
  const lines = rows.map((r, i) => `${r.timestamp},${r.value},${scores[i]}`);
  writeFileSync(options.out, ['timestamp,value,anomaly_score', ...lines].join('\n') + '\n');
  return rows.length;
}

export function registerAnomalyCommand(program: Command): Command {
  const anomaly = program.command('anomaly').description('anomaly detection on signals');
  anomaly
    .command('detect')
    .description('Score a timestamp,value CSV (NAB format) and write timestamp,value,anomaly_score')
    .requiredOption('--in <file>', 'input CSV with the columns timestamp,value, in time order')
    .requiredOption('--out <file>', 'output CSV: timestamp,value,anomaly_score (score in [0, 1])')
    .action(function (this: Command, opts: AnomalyDetectOptions) {
      try {
        const n = runAnomalyDetect(opts);
        process.stdout.write(`${opts.out}: ${n} rows scored\n`);
      } catch (e) {
        this.error(`bsc anomaly detect: ${(e as Error).message}`, { exitCode: 2 });
      }
    });
  return anomaly;
}
