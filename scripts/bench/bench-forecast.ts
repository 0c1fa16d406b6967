/*
 * Forecast accuracy benchmark: forecasts the training part of public competition sets with one method,
 * scores against the test part (M4 sMAPE / MASE / OWA vs Naive2, interval coverage) and prints a table,
 * then ONE JSON line of figures. The data stay outside the repository: ../shared/data/forecasting from the
 * repo root, or --data DIR / BSC_FORECAST_DATA.
 */
import { existsSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { performance } from 'perf_hooks';
import {
  coverage,
  defaultForecaster,
  forecastBatch,
  getForecaster,
  naive2,
  owa,
  readWideCsv,
  scoreSet,
} from '@bsc/forecasting';

interface BenchSet {
  key: string;
  folder: string;
  file: string;
  /** Period used to forecast. */
  m: number;
  /** Period of the MASE scale (M4 uses 1 for weekly). */
  maseM: number;
  h: number;
}

const SETS: readonly BenchSet[] = [
  { key: 'tourismMonthly', folder: 'tourism', file: 'Monthly', m: 12, maseM: 12, h: 24 },
  { key: 'tourismQuarterly', folder: 'tourism', file: 'Quarterly', m: 4, maseM: 4, h: 8 },
  { key: 'm4Weekly', folder: 'm4-weekly', file: 'Weekly', m: 1, maseM: 1, h: 13 },
];

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function repoRoot(): string {
  let dir = __dirname;
  while (dir !== dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'libs'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

const round = (v: number, d = 3): number => Number(v.toFixed(d));

function main(): void {
  const dataDir = resolve(argValue('data') ?? process.env.BSC_FORECAST_DATA ?? join(repoRoot(), '..', 'shared', 'data', 'forecasting'));
  if (!existsSync(dataDir)) {
    process.stderr.write(`bench-forecast: data folder not found: ${dataDir} (use --data DIR)\n`);
    process.exit(2);
  }
  const methodName = argValue('method');
  const forecaster = methodName ? getForecaster(methodName) : defaultForecaster;
  const wanted = argValue('sets')?.split(',');
  const sets = SETS.filter((s) => !wanted || wanted.includes(s.key));
  const figures: Record<string, unknown> = { method: forecaster.name };
  const rows: string[] = [];
  for (const set of sets) {
    const train = readWideCsv(join(dataDir, set.folder, `${set.file}-train.csv`));
    const test = readWideCsv(join(dataDir, set.folder, `${set.file}-test.csv`));
    const insample = train.map((r) => r.values);
    const actual = test.map((r) => r.values.slice(0, set.h));
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const results = forecastBatch(forecaster, insample, { h: set.h, m: set.m, levels: [80, 95] });
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    // CPU time of this (single-threaded) run: robust when the machine is shared, unlike wall time
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const score = scoreSet(insample, actual, results.map((r) => r.mean), set.maseM);
    const base = scoreSet(insample, actual, insample.map((y) => naive2(y, set.h, set.m)), set.maseM);
    const flat = (pick: (i: number) => number[]): number[] => actual.flatMap((_, i) => pick(i));
    const y = flat((i) => actual[i]);
    const cov = (level: number): number =>
      coverage(y, flat((i) => results[i].lower[level]), flat((i) => results[i].upper[level]));
    const fig = {
      sMAPE: round(score.smape),
      MASE: round(score.mase),
      OWA: round(owa(score.smape, score.mase, base.smape, base.mase)),
      coverage80: round(cov(80) * 100, 1),
      coverage95: round(cov(95) * 100, 1),
      msPerSeries: round(ms / insample.length, 2),
      cpuMsPerSeries: round(cpuMs / insample.length, 2),
      series: insample.length,
      naive2: { sMAPE: round(base.smape), MASE: round(base.mase) },
    };
    figures[set.key] = fig;
    rows.push(
      [set.key.padEnd(17), fig.sMAPE, fig.MASE, fig.OWA, fig.coverage80, fig.coverage95, fig.msPerSeries, fig.cpuMsPerSeries, fig.naive2.sMAPE, fig.naive2.MASE]
        .map((v) => String(v).padStart(9))
        .join(' '),
    );
  }
  const header = ['set'.padEnd(17), 'sMAPE', 'MASE', 'OWA', 'cov80%', 'cov95%', 'ms/series', 'cpu ms', 'N2 sMAPE', 'N2 MASE'].map((v) => v.padStart(9)).join(' ');
  process.stdout.write(`method: ${forecaster.name}\n${header}\n${rows.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main();
