import { Command } from 'commander';
import { writeFileSync } from 'fs';
import { parseNabTimestamp, readCsvRows, scoreSeries } from '@bsc/forecasting';

export interface AnomalyDetectOptions {
  in: string;
  out: string;
}

export interface AnomalyDetectResult {
  rows: number;
  /** Rows whose value is empty or not a finite number: written with an empty score. */
  unscored: number;
}

/**
 * Reads a `timestamp,value` CSV (NAB's format), scores every row with the platform's signal detector (the same
 * code and settings as ingestion) and writes `timestamp,value,anomaly_score`. A row without a numeric value is
 * left unscored and does not enter the detector's history, as ingestion does with such a sample.
 */
export function runAnomalyDetect(options: AnomalyDetectOptions): AnomalyDetectResult {
  const rows = readCsvRows(options.in);
  if (rows.length > 0 && (!('timestamp' in rows[0]) || !('value' in rows[0]))) {
    throw new Error(`${options.in}: expected the columns timestamp,value`);
  }
  const timestamps = rows.map((r) => parseNabTimestamp(r.timestamp));
  // Number('') is 0, which the detector would score as a drop
  const values = rows.map((r) => (r.value.trim() === '' ? Number.NaN : Number(r.value)));
  const scores = scoreSeries(values, timestamps);
  const scored = (i: number): string => (Number.isFinite(values[i]) ? String(scores[i]) : '');
  const lines = rows.map((r, i) => `${r.timestamp},${r.value},${scored(i)}`);
  writeFileSync(options.out, ['timestamp,value,anomaly_score', ...lines].join('\n') + '\n');
  return { rows: rows.length, unscored: values.filter((v) => !Number.isFinite(v)).length };
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
        const { rows, unscored } = runAnomalyDetect(opts);
        const gaps = unscored > 0 ? ` (${unscored} without a numeric value left unscored)` : '';
        process.stdout.write(`${opts.out}: ${rows - unscored} rows scored${gaps}\n`);
      } catch (e) {
        this.error(`bsc anomaly detect: ${(e as Error).message}`, { exitCode: 2 });
      }
    });
  return anomaly;
}
