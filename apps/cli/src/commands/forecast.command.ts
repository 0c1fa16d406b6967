import { SingleBar, Presets } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { FORECAST_METHODS, WideSeries, defaultForecaster, forecastBatch, getForecaster, readWideCsv, writeWideCsv } from '@bsc/forecasting';

export interface ForecastCommandOptions {
  train: string;
  horizon: number;
  period: number;
  out: string;
  method: string;
  intervals: number[];
}

/** Where the progress goes; injectable so tests need no TTY. */
export interface ProgressSink {
  write(text: string): void;
  isTTY: boolean;
}

/** Plain progress lines (no TTY) at most this often. */
const PROGRESS_LINE_INTERVAL_MS = 5000;

function positiveInt(name: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got "${value}"`);
    return n;
  };
}

function levelList(value: string): number[] {
  const levels = value.split(',').map((v) => Number(v.trim()));
  if (levels.some((l) => !(l > 0 && l < 100))) throw new InvalidArgumentError(`interval levels must be in (0, 100), got "${value}"`);
  return levels;
}

/** `fc.csv` → `fc-lo-80.csv`; a name without .csv just gets the suffix. */
export function intervalPath(out: string, side: 'lo' | 'hi', level: number): string {
  const base = out.toLowerCase().endsWith('.csv') ? out.slice(0, -4) : out;
  return `${base}-${side}-${level}.csv`;
}

function progressReporter(total: number, sink: ProgressSink): { tick(done: number): void; stop(): void } {
  if (sink.isTTY) {
    const bar = new SingleBar({ stream: sink as unknown as NodeJS.WritableStream, etaBuffer: 50 }, Presets.shades_classic);
    bar.start(total, 0);
    return { tick: (done) => bar.update(done), stop: () => bar.stop() };
  }
  const started = Date.now();
  let last = started;
  return {
    tick(done) {
      const now = Date.now();
      if (now - last >= PROGRESS_LINE_INTERVAL_MS) {
        last = now;
        sink.write(`forecast: ${done}/${total} series (${((now - started) / 1000).toFixed(0)} s)\n`);
      }
    },
    stop: () => sink.write(`forecast: ${total}/${total} series in ${((Date.now() - started) / 1000).toFixed(1)} s\n`),
  };
}

/** Reads the wide CSV, forecasts every series, writes point forecasts and one file per interval bound. */
export function runForecast(options: ForecastCommandOptions, sink: ProgressSink): string[] {
  const forecaster = getForecaster(options.method);
  const series = readWideCsv(options.train);
  const empty = series.find((s) => s.values.length === 0);
  if (empty) throw new Error(`series "${empty.id}" has no values`);
  const progress = progressReporter(series.length, sink);
  const results = forecastBatch(
    forecaster,
    series.map((s) => s.values),
    { h: options.horizon, m: options.period, levels: options.intervals, onProgress: (done) => progress.tick(done) },
  );
  progress.stop();
  const rows = (pick: (i: number) => number[]): WideSeries[] => series.map((s, i) => ({ id: s.id, values: pick(i) }));
  const written = [options.out];
  writeWideCsv(options.out, rows((i) => results[i].mean));
  for (const level of options.intervals) {
    for (const side of ['lo', 'hi'] as const) {
      const path = intervalPath(options.out, side, level);
      writeWideCsv(path, rows((i) => (side === 'lo' ? results[i].lower[level] : results[i].upper[level])));
      written.push(path);
    }
  }
  return written;
}

export function registerForecastCommand(program: Command): Command {
  return program
    .command('forecast')
    .description('Forecast every series of a wide CSV (id, values in time order) and write id,F1..FH')
    .requiredOption('--train <file>', 'wide CSV of training series (M4 quoted headers accepted)')
    .requiredOption('--horizon <h>', 'forecast horizon in steps', positiveInt('horizon'))
    .requiredOption('--period <m>', 'seasonal period (1 = none, 4 quarterly, 12 monthly)', positiveInt('period'))
    .requiredOption('--out <file>', 'output CSV of point forecasts')
    .option('--method <name>', `forecasting method: ${FORECAST_METHODS.join(', ')}`, defaultForecaster.name)
    .option('--intervals <levels>', 'interval levels in percent, e.g. 80,95 (writes OUT-lo-80.csv, OUT-hi-80.csv...)', levelList, [] as number[])
    .action(function (this: Command, opts: ForecastCommandOptions) {
      if (!FORECAST_METHODS.includes(opts.method)) {
        this.error(`bsc forecast: unknown method "${opts.method}"; valid methods: ${FORECAST_METHODS.join(', ')}`, { exitCode: 2 });
      }
      const written = runForecast(opts, process.stderr);
      process.stdout.write(`${written.join('\n')}\n`);
    });
}
