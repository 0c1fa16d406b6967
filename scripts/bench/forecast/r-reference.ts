import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { type ForecastResult } from '@bsc/forecasting';
import { type BenchSet, type Figures, scoreResults } from './bench-sets';

/**
 * R's functions and the methods of ours that do the same job. Ours arima models the seasonally adjusted series;
 * R's arima fits seasonal ARIMA, arima-adjusted the non-seasonal auto.arima on the same adjusted series.
 */
export const R_METHODS: readonly { r: string; ours: string }[] = [
  { r: 'ets', ours: 'ets' },
  { r: 'theta', ours: 'theta' },
  { r: 'arima', ours: 'arima' },
  { r: 'arima-adjusted', ours: 'arima' },
];

export const R_INSTALL_HINT =
  'R with the forecast package is needed for --reference r: on Debian/Ubuntu `sudo apt-get install r-cran-forecast` ' +
  '(or in R: install.packages("forecast")); the benchmark installs nothing itself.';

/** Undefined when Rscript and the forecast package are available, otherwise why not. */
export function rUnavailable(): string | undefined {
  const probe = spawnSync(
    'Rscript',
    ['-e', 'suppressPackageStartupMessages(library(forecast)); cat(as.character(packageVersion("forecast")))'],
    {
      encoding: 'utf8',
    },
  );
  if (probe.error) return `Rscript not found (${probe.error.message})`;
  if (probe.status !== 0) return `R's forecast package is not installed (${probe.stderr.trim().split('\n').pop()})`;
  return undefined;
}

export function rForecastVersion(): string {
  return spawnSync('Rscript', ['-e', 'cat(as.character(packageVersion("forecast")))'], {
    encoding: 'utf8',
  }).stdout.trim();
}

function readMatrix(path: string): number[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split(',').map(Number));
}

/**
 * Runs R's ets, thetaf and auto.arima on the series (reference-forecast.R) and scores them like ours. Timing is
 * R's own CPU time for the loop over series (fit + forecast; R's start-up excluded).
 */
export function runRReference(
  script: string,
  series: readonly number[][],
  actual: readonly number[][],
  set: BenchSet,
): Record<string, Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'bsc-r-ref-'));
  try {
    const input = join(dir, 'series.csv');
    writeFileSync(input, `${series.map((y) => y.join(',')).join('\n')}\n`);
    const run = spawnSync('Rscript', [script, input, dir, String(set.m), String(set.h)], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (run.status !== 0) throw new Error(`Rscript failed on ${set.key}: ${run.stderr.trim()}`);
    const timing = new Map(
      readFileSync(join(dir, 'timing.csv'), 'utf8')
        .split('\n')
        .slice(1)
        .filter((l) => l.length > 0)
        .map((l) => {
          const [name, seconds] = l.split(',');
          return [name.replace(/"/g, ''), Number(seconds) * 1000] as const;
        }),
    );
    const out: Record<string, Figures> = {};
    for (const { r } of R_METHODS) {
      const part = (name: string): number[][] => readMatrix(join(dir, `${r}-${name}.csv`));
      const [mean, lo80, hi80, lo95, hi95] = ['mean', 'lo80', 'hi80', 'lo95', 'hi95'].map(part);
      const results: Pick<ForecastResult, 'mean' | 'lower' | 'upper'>[] = mean.map((m, i) => ({
        mean: m,
        lower: { 80: lo80[i], 95: lo95[i] },
        upper: { 80: hi80[i], 95: hi95[i] },
      }));
      const cpuMs = timing.get(r) ?? NaN;
      out[r] = scoreResults(series, actual, results, set, { ms: cpuMs, cpuMs });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
