import { SingleBar, Presets } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import {
  FORECAST_METHODS,
  WideSeries,
  defaultForecaster,
  forecastBatch,
  forecastBatchWithGlobal,
  getForecaster,
  readWideCsv,
  writeWideCsv,
  type ForecastResult,
} from '@bsc/forecasting';
import { positiveInt } from './option-parsers';

export interface ForecastCommandOptions {
  train: string;
  horizon: number;
  period: number;
  out: string;
  method: string;
  intervals: number[];
  /** 'auto': train a global model on the batch's own training parts and let it join where it validates better. */
  global?: 'auto' | 'off';
}

/** Where the progress goes; injectable so tests need no TTY. */
export interface ProgressSink {
  write(text: string): void;
  isTTY: boolean;
}

/** Plain progress lines (no TTY) at most this often. */
const PROGRESS_LINE_INTERVAL_MS = 5000;

function levelList(value: string): number[] {
  const levels = value.split(',').map((v) => Number(v.trim()));
  if (levels.some((l) => !(l > 0 && l < 100)))
    throw new InvalidArgumentError(`interval levels must be in (0, 100), got "${value}"`);
  return levels;
}

/** `fc.csv` → `fc-lo-80.csv`; a name without .csv just gets the suffix. */
export function intervalPath(out: string, side: 'lo' | 'hi', level: number): string {
  const base = out.toLowerCase().endsWith('.csv') ? out.slice(0, -4) : out;
  return `${base}-${side}-${level}.csv`;
}

function progressReporter(total: number, sink: ProgressSink): { tick(done: number): void; stop(): void } {
  if (sink.isTTY) {
    const bar = new SingleBar(
      { stream: sink as unknown as NodeJS.WritableStream, etaBuffer: 50 },
      Presets.shades_classic,
    );
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

function globalMode(value: string): 'auto' | 'off' {
  if (value !== 'auto' && value !== 'off')
    throw new InvalidArgumentError(`global must be "auto" or "off", got "${value}"`);
  return value;
}

/**
 * Reads the wide CSV, forecasts every series, writes point forecasts and one file per interval bound. With
 * `global: 'auto'` a global window model is first trained on the batch's own series (bounded in time, progress
 * per epoch) and joins only if it beats the method on the batch's validation windows.
 */
export async function runForecast(options: ForecastCommandOptions, sink: ProgressSink): Promise<string[]> {
  const forecaster = getForecaster(options.method);
  const series = readWideCsv(options.train);
  const empty = series.find((s) => s.values.length === 0);
  if (empty) throw new Error(`series "${empty.id}" has no values`);
  const progress = progressReporter(series.length, sink);
  const batch = {
    h: options.horizon,
    m: options.period,
    levels: options.intervals,
    onProgress: (done: number) => progress.tick(done),
  };
  const values = series.map((s) => s.values);
  let results: ForecastResult[];
  if (options.global === 'auto') {
    const run = await forecastBatchWithGlobal(forecaster, values, {
      ...batch,
      global: {
        onProgress: (p) =>
          sink.write(
            `global model: net ${p.member}/${p.members}, epoch ${p.epoch}/${p.maxEpochs}, loss ${p.loss.toFixed(4)} (${(p.elapsedMs / 1000).toFixed(0)} s)\n`,
          ),
      },
    });
    results = run.results;
    progress.stop();
    const m = run.global.model;
    const trained = m
      ? `trained ${m.epochs} epochs${m.nets > 1 ? ` (${m.nets} nets together)` : ''} in ${(m.trainMs / 1000).toFixed(1)} s on ${m.windows} windows (${m.backend}); `
      : '';
    // the epoch count makes the numbers reproducible; a safety stop makes them depend on this machine's load
    if (m?.stoppedBy === 'time-budget')
      sink.write(`global model: WARNING: time budget hit after ${m.epochs} epochs; results depend on machine load\n`);
    sink.write(`global model: ${trained}${run.global.joined ? 'joined' : 'not used'}: ${run.global.reason}\n`);
  } else {
    results = forecastBatch(forecaster, values, batch);
    progress.stop();
  }
  const rows = (pick: (i: number) => number[]): WideSeries[] => series.map((s, i) => ({ id: s.id, values: pick(i) }));
  const written = [options.out];
  writeWideCsv(
    options.out,
    rows((i) => results[i].mean),
  );
  for (const level of options.intervals) {
    for (const side of ['lo', 'hi'] as const) {
      const path = intervalPath(options.out, side, level);
      writeWideCsv(
        path,
        rows((i) => (side === 'lo' ? results[i].lower[level] : results[i].upper[level])),
      );
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
    .requiredOption('--horizon <h>', 'forecast horizon in steps', positiveInt)
    .requiredOption('--period <m>', 'seasonal period (1 = none, 4 quarterly, 12 monthly)', positiveInt)
    .requiredOption('--out <file>', 'output CSV of point forecasts')
    .option('--method <name>', `forecasting method: ${FORECAST_METHODS.join(', ')}`, defaultForecaster.name)
    .option(
      '--global <mode>',
      'auto: train a global model on these series and use it where it validates better; off',
      globalMode,
      'auto',
    )
    .option(
      '--intervals <levels>',
      'interval levels in percent, e.g. 80,95 (writes OUT-lo-80.csv, OUT-hi-80.csv...)',
      levelList,
      [] as number[],
    )
    .action(function (this: Command, opts: ForecastCommandOptions) {
      if (!FORECAST_METHODS.includes(opts.method)) {
        this.error(`bsc forecast: unknown method "${opts.method}"; valid methods: ${FORECAST_METHODS.join(', ')}`, {
          exitCode: 2,
        });
      }
      // validated above, synchronously: the forecast itself is asynchronous (global model training)
      return runForecast(opts, process.stderr).then((written) => {
        process.stdout.write(`${written.join('\n')}\n`);
      });
    });
}
