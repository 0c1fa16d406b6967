import { createHash } from 'crypto';
import { existsSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';
import {
  type ForecastResult,
  type Forecaster,
  coverage,
  forecastBatch,
  maseScale,
  naive2,
  owa,
  readWideCsv,
  scoreSet,
  windowHoldOutOnValidation,
} from '@bsc/forecasting';
import { argChoices, argNumber } from '../support/bench-args';
import { sharedDataDir } from '../support/shared-data';

export interface BenchSet {
  key: string;
  folder: string;
  file: string;
  /** Period used to forecast. */
  m: number;
  /** Period of the MASE scale (M4 uses 1 for weekly). */
  maseM: number;
  h: number;
}

export const SETS: readonly BenchSet[] = [
  { key: 'tourismMonthly', folder: 'tourism', file: 'Monthly', m: 12, maseM: 12, h: 24 },
  { key: 'tourismQuarterly', folder: 'tourism', file: 'Quarterly', m: 4, maseM: 4, h: 8 },
  { key: 'm4Weekly', folder: 'm4-weekly', file: 'Weekly', m: 1, maseM: 1, h: 13 },
];

/** One set's data: the training parts, the test parts and the validation split carved from the training parts. */
export interface LoadedSet extends BenchSet {
  train: number[][];
  test: number[][];
  /** Training parts minus their last h points, and those h points: for choices that must not see the test. */
  validationTrain: number[][];
  validationTest: number[][];
}

/** Reads a set; `stride` k keeps every k-th series (quick runs while developing). */
export function loadSet(dataDir: string, set: BenchSet, stride = 1): LoadedSet {
  const every = <T>(rows: T[]): T[] => rows.filter((_, i) => i % stride === 0);
  const train = every(readWideCsv(join(dataDir, set.folder, `${set.file}-train.csv`))).map((r) => r.values);
  const test = every(readWideCsv(join(dataDir, set.folder, `${set.file}-test.csv`))).map((r) =>
    r.values.slice(0, set.h),
  );
  const validationTrain = train.map((y) => y.slice(0, Math.max(1, y.length - set.h)));
  const validationTest = train.map((y, i) => (y.length > set.h ? y.slice(y.length - set.h) : test[i]));
  return { ...set, train, test, validationTrain, validationTest };
}

/** The public forecasting sets' folder (see sharedDataDir); a bench without it exits with status 2, saying where. */
export function forecastDataDir(bench: string): string {
  const dataDir = sharedDataDir('forecasting', 'BSC_FORECAST_DATA');
  if (!existsSync(dataDir)) {
    process.stderr.write(`${bench}: data folder not found: ${dataDir} (use --data DIR)\n`);
    process.exit(2);
  }
  return dataDir;
}

/** The sets --sets a,b names (all by default), every --stride k-th series of each. */
export function setsFromArgs(dataDir: string): LoadedSet[] {
  const stride = argNumber('stride', 1);
  return argChoices(
    'sets',
    SETS.map((s) => s.key),
  ).map((key) =>
    loadSet(
      dataDir,
      SETS.find((s) => s.key === key)!,
      stride,
    ),
  );
}

export interface Figures {
  sMAPE: number;
  MASE: number;
  OWA: number;
  coverage80: number;
  coverage95: number;
  /** M4's mean scaled interval score at 95 % (width plus 2/0.05 times the miss, over the MASE scale). */
  msis95: number;
  msPerSeries: number;
  cpuMsPerSeries: number;
  series: number;
}

export const round = (v: number, d = 3): number => Number(v.toFixed(d));

/** M4 scoring of one set of forecasts against actual values, relative to Naive2 on the same series. */
export function scoreResults(
  insample: readonly number[][],
  actual: readonly number[][],
  results: readonly Pick<ForecastResult, 'mean' | 'lower' | 'upper'>[],
  set: BenchSet,
  timing: { ms: number; cpuMs: number },
): Figures {
  const score = scoreSet(
    insample,
    actual,
    results.map((r) => r.mean),
    set.maseM,
  );
  const base = scoreSet(
    insample,
    actual,
    insample.map((y) => naive2(y, set.h, set.m)),
    set.maseM,
  );
  const y = actual.flat();
  const cov = (level: number): number =>
    coverage(
      y,
      results.flatMap((r) => r.lower[level]),
      results.flatMap((r) => r.upper[level]),
    );
  return {
    msis95: round(msis95(insample, actual, results, set.maseM)),
    sMAPE: round(score.smape),
    MASE: round(score.mase),
    OWA: round(owa(score.smape, score.mase, base.smape, base.mase)),
    coverage80: round(cov(80) * 100, 1),
    coverage95: round(cov(95) * 100, 1),
    msPerSeries: round(timing.ms / insample.length, 2),
    // CPU time of this (single-threaded) run: robust when the machine is shared, unlike wall time
    cpuMsPerSeries: round(timing.cpuMs / insample.length, 2),
    series: insample.length,
  };
}

/** Mean over series and steps of the 95 % interval score over each series' MASE scale (as M4 scored intervals). */
function msis95(
  insample: readonly number[][],
  actual: readonly number[][],
  results: readonly Pick<ForecastResult, 'lower' | 'upper'>[],
  m: number,
): number {
  let sum = 0;
  let n = 0;
  results.forEach((r, j) => {
    const scale = maseScale(insample[j], m);
    actual[j].forEach((y, i) => {
      const [lo, hi] = [r.lower[95][i], r.upper[95][i]];
      sum += (hi - lo + (2 / 0.05) * (Math.max(0, lo - y) + Math.max(0, y - hi))) / scale;
      n++;
    });
  });
  return sum / n;
}

/** Forecasts every series with one method and times it (wall and CPU). */
export function timedBatch(
  forecaster: Forecaster,
  series: readonly number[][],
  set: BenchSet,
): { results: ForecastResult[]; ms: number; cpuMs: number } {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const results = forecastBatch(forecaster, series, { h: set.h, m: set.m, levels: [80, 95] });
  const cpu = process.cpuUsage(cpu0);
  return { results, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Scores a method on the test parts. */
export function scoreOnTest(forecaster: Forecaster, set: LoadedSet): Figures {
  const run = timedBatch(forecaster, set.train, set);
  return scoreResults(set.train, set.test, run.results, set, run);
}

/** Coverage in percent of each training validation window by the widths from the others (level → %). */
export type WindowFigures = Record<number, number>[];

/**
 * scoreOnTest, and (untimed) the batch's leave-one-window-out coverage: how far a single period's coverage
 * strays from the level on the set's own history, the yardstick for the test period's.
 */
export function scoreOnTestWithWindows(
  forecaster: Forecaster,
  set: LoadedSet,
): { figures: Figures; windows: WindowFigures; digest: string } {
  const run = timedBatch(forecaster, set.train, set);
  const held = windowHoldOutOnValidation(forecaster, set.train, run.results, { h: set.h, m: set.m, levels: [80, 95] });
  const windows = held.map((w) =>
    Object.fromEntries(Object.entries(w.coverage).map(([level, c]) => [Number(level), round(c * 100, 1)])),
  );
  return { figures: scoreResults(set.train, set.test, run.results, set, run), windows, digest: digest(run.results) };
}

/**
 * SHA-256 of every forecast's bits (points, then each level's bounds, series in order): equal digests mean
 * bit-identical forecasts, the check that a speed-up changed no result.
 */
export function digest(results: readonly Pick<ForecastResult, 'mean' | 'lower' | 'upper'>[]): string {
  const hash = createHash('sha256');
  for (const r of results) {
    const levels = Object.keys(r.lower)
      .map(Number)
      .sort((a, b) => a - b);
    for (const v of [r.mean, ...levels.flatMap((l) => [r.lower[l], r.upper[l]])])
      hash.update(new Uint8Array(Float64Array.from(v).buffer));
  }
  return hash.digest('hex');
}

/** Scores a method on the validation split of the training parts (the test parts unseen). */
export function scoreOnValidation(forecaster: Forecaster, set: LoadedSet): Figures {
  const run = timedBatch(forecaster, set.validationTrain, set);
  return scoreResults(set.validationTrain, set.validationTest, run.results, set, run);
}

/** Fixed-width table row. */
export function row(cells: readonly (string | number)[], first = 17, rest = 9): string {
  return cells.map((v, i) => (i === 0 ? String(v).padEnd(first) : String(v).padStart(rest))).join(' ');
}
