import { Command, Option } from 'commander';
import { writeFileSync } from 'fs';
import { parseNabTimestamp, readCsvRows, scoreSeries } from '@bsc/forecasting';
import { CounterSteps } from '@bsc/kpi';
import { DEFAULT_SIGNAL_KIND, SIGNAL_KINDS, type SignalKind } from '@bsc/twin';

export interface AnomalyDetectOptions {
  in: string;
  out: string;
  /** The signal's kind, as in a model: a counter is judged on its steps, as ingestion does. Default a gauge. */
  kind?: SignalKind;
}

export interface AnomalyDetectResult {
  rows: number;
  /** Rows whose value is empty or not a finite number, and a counter's first reading: written with an empty score. */
  unscored: number;
}

/**
 * Reads a `timestamp,value` CSV (NAB's format), scores every row with the platform's signal detector (the same
 * code and settings as ingestion) and writes `timestamp,value,anomaly_score`. A row without a numeric value is
 * left unscored and does not enter the detector's history, as ingestion does with such a sample. `kind: 'counter'`
 * scores a running total on its steps (`CounterSteps`, as ingestion judges a counter): its first reading has no step
 * and is left unscored, and a reset is the step it reads, not a fall by the whole total.
 */
export function runAnomalyDetect(options: AnomalyDetectOptions): AnomalyDetectResult {
  const rows = readCsvRows(options.in);
  if (rows.length > 0 && (!('timestamp' in rows[0]) || !('value' in rows[0]))) {
    throw new Error(`${options.in}: expected the columns timestamp,value`);
  }
  const timestamps = rows.map((r) => parseNabTimestamp(r.timestamp));
  // Number('') is 0, which the detector would score as a drop
  const values = rows.map((r) => (r.value.trim() === '' ? Number.NaN : Number(r.value)));
  const judged = (options.kind ?? DEFAULT_SIGNAL_KIND) === 'counter' ? stepsOf(values) : values;
  const scores = scoreSeries(judged, timestamps);
  const scored = (i: number): string => (Number.isFinite(judged[i]) ? String(scores[i]) : '');
  const lines = rows.map((r, i) => `${r.timestamp},${r.value},${scored(i)}`);
  writeFileSync(options.out, ['timestamp,value,anomaly_score', ...lines].join('\n') + '\n');
  return { rows: rows.length, unscored: judged.filter((v) => !Number.isFinite(v)).length };
}

/** A counter's steps row by row; a row without a reading has none and leaves the last reading in place. */
function stepsOf(readings: readonly number[]): number[] {
  const steps = new CounterSteps();
  return readings.map((reading) => (Number.isFinite(reading) ? steps.next(reading) : Number.NaN));
}

export function registerAnomalyCommand(program: Command): Command {
  const anomaly = program.command('anomaly').description('anomaly detection on signals');
  anomaly
    .command('detect')
    .description('Score a timestamp,value CSV (NAB format) and write timestamp,value,anomaly_score')
    .requiredOption('--in <file>', 'input CSV with the columns timestamp,value, in time order')
    .requiredOption('--out <file>', 'output CSV: timestamp,value,anomaly_score (score in [0, 1])')
    .addOption(
      new Option('--kind <kind>', "the signal's kind, as in a model: a counter is scored on its steps")
        .choices(SIGNAL_KINDS)
        .default(DEFAULT_SIGNAL_KIND),
    )
    .action(function (this: Command, opts: AnomalyDetectOptions) {
      try {
        const { rows, unscored } = runAnomalyDetect(opts);
        const gaps = unscored > 0 ? ` (${unscored} without a numeric value or a step left unscored)` : '';
        process.stdout.write(`${opts.out}: ${rows - unscored} rows scored${gaps}\n`);
      } catch (e) {
        this.error(`bsc anomaly detect: ${(e as Error).message}`, { exitCode: 2 });
      }
    });
  return anomaly;
}
