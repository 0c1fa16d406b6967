/*
 * Forecast accuracy benchmark on public competition sets (M4 sMAPE / MASE / OWA vs Naive2, interval coverage and
 * M4's MSIS at 95 %: coverage alone rewards wide intervals).
 * 1. The method (the default unless --method) on every set, then with the global model trained at run time on the
 *    set's own training parts (--global off to skip); its training time is printed separately.
 * 2. Leave one set out: a method chosen from the default's pool on the other sets' validation windows, scored on
 *    the left-out set, next to the choice that saw every set (--no-loso to skip).
 * 3. --reference r: R's ets, thetaf and auto.arima on the same series, next to ours, with the ratios.
 * Last line: one JSON object of figures. The data stay outside the repository: ../shared/data/forecasting from
 * the repo root, or --data DIR / BSC_FORECAST_DATA. --sets a,b limits the sets, --stride k keeps every k-th series.
 * --digest prints a SHA-256 of each set's forecasts (points and bounds, bit for bit) after the first table.
 */
import { loadavg } from 'os';
import { join } from 'path';
import { defaultForecaster, forecastBatchWithGlobal, getForecaster } from '@bsc/forecasting';
import {
  type Figures,
  type LoadedSet,
  forecastDataDir,
  round,
  row,
  scoreOnTest,
  scoreOnTestWithWindows,
  scoreResults,
  setsFromArgs,
  timedBatch,
} from './forecast/bench-sets';
import { leaveOneSetOut } from './forecast/leave-one-set-out';
import { R_INSTALL_HINT, R_METHODS, rForecastVersion, rUnavailable, runRReference } from './forecast/r-reference';
import { argNumber, argText, hasFlag } from './support/bench-args';
import { repoRoot } from './support/shared-data';

const out = (line: string): boolean => process.stdout.write(`${line}\n`);
const err = (line: string): boolean => process.stderr.write(`${line}\n`);
const FIGURE_HEADER = ['sMAPE', 'MASE', 'OWA', 'cov80%', 'cov95%', 'MSIS95', 'ms/series', 'cpu ms'];
const cells = (f: Figures): (string | number)[] => [
  f.sMAPE,
  f.MASE,
  f.OWA,
  f.coverage80,
  f.coverage95,
  f.msis95,
  f.msPerSeries,
  f.cpuMsPerSeries,
];

async function withGlobal(set: LoadedSet, method: string): Promise<Record<string, unknown>> {
  const t0 = Date.now();
  const cpu0 = process.cpuUsage();
  const { results, global } = await forecastBatchWithGlobal(getForecaster(method), set.train, {
    h: set.h,
    m: set.m,
    levels: [80, 95],
    global: {
      onProgress: (p) =>
        err(
          `global model ${set.key}: net ${p.member}/${p.members}, epoch ${p.epoch}/${p.maxEpochs}, loss ${p.loss.toFixed(4)}, ${(p.elapsedMs / 1000).toFixed(0)} s`,
        ),
    },
  });
  const cpu = process.cpuUsage(cpu0);
  const figures = scoreResults(set.train, set.test, results, set, {
    ms: Date.now() - t0,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
  return {
    ...figures,
    joined: global.joined,
    reason: global.reason,
    trainMs: global.model?.trainMs ?? 0,
    calibrationTrainMs: global.calibrationTrainMs ?? 0,
    hiddenUnits: global.model?.hiddenUnits ?? 0,
    nets: global.model?.nets ?? 0,
    widths: global.widths.scope,
    epochs: global.model?.epochs ?? 0,
    stoppedBy: global.model?.stoppedBy ?? '-',
    backend: global.model?.backend ?? '-',
    batchMs: global.totalMs,
  };
}

async function main(): Promise<void> {
  const dataDir = forecastDataDir('bench-forecast');
  const reference = argText('reference');
  if (reference !== undefined && reference !== 'r') {
    err(`bench-forecast: unknown --reference "${reference}" (only "r")`);
    process.exit(2);
  }
  const rMissing = reference === 'r' ? rUnavailable() : undefined;
  if (rMissing) {
    err(`bench-forecast: ${rMissing}. ${R_INSTALL_HINT}`);
    process.exit(2);
  }
  const method = argText('method') ?? defaultForecaster.name;
  const stride = argNumber('stride', 1);
  const sets = setsFromArgs(dataDir);
  const figures: Record<string, unknown> = { method, stride, loadAverage: loadavg()[0] };

  out(`method: ${method}${stride > 1 ? ` (1 series in ${stride})` : ''}`);
  out(row(['set', ...FIGURE_HEADER, 'series']));
  const main: Record<string, Figures> = {};
  const windows: Record<string, Record<number, number>[]> = {};
  const digests: Record<string, string> = {};
  // untimed warm-up: the first set must not pay for the JIT
  for (const set of sets) timedBatch(getForecaster(method), set.train.slice(0, 5), set);
  for (const set of sets) {
    const scored = scoreOnTestWithWindows(getForecaster(method), set);
    main[set.key] = scored.figures;
    windows[set.key] = scored.windows;
    digests[set.key] = scored.digest;
    out(row([set.key, ...cells(main[set.key]), main[set.key].series]));
  }
  figures.sets = main;
  figures.windowHoldOut = windows;
  if (hasFlag('digest')) {
    out('\nSHA-256 of the forecasts (points and bounds, bit for bit)');
    for (const set of sets) out(row([set.key, digests[set.key]]));
    figures.digests = digests;
  }
  out('\ncoverage 80/95 of each training validation window (0 = last) by the widths from the other windows, and test');
  out(row(['set', 'window 0', 'window 1', 'window 2', 'test']));
  for (const set of sets) {
    const pair = (c: Record<number, number> | undefined): string => (c?.[80] === undefined ? '-' : `${c[80]}/${c[95]}`);
    const test = { 80: main[set.key].coverage80, 95: main[set.key].coverage95 };
    out(row([set.key, ...[0, 1, 2].map((w) => pair(windows[set.key][w])), pair(test)], 17, 11));
  }

  const loso = hasFlag('no-loso') ? undefined : leaveOneSetOut(sets, undefined, err);
  if (loso) {
    out('\nleave one set out: method chosen by validation OWA (training parts) of the OTHER sets vs of ALL sets');
    out(row(['set', 'LOSO pick', 'OWA', 'cov80%', 'cov95%', 'in-sample', 'OWA', 'cov80%', 'cov95%'], 17, 16));
    for (const r of loso.rows) {
      const l = r.loso.test;
      const i = r.inSample.test;
      out(
        row(
          [
            r.set,
            r.loso.method,
            l.OWA,
            l.coverage80,
            l.coverage95,
            r.inSample.method,
            i.OWA,
            i.coverage80,
            i.coverage95,
          ],
          17,
          16,
        ),
      );
    }
    figures.leaveOneSetOut = loso;
  }

  if (argText('global') !== 'off') {
    out(
      `\n+ global window MLP trained now on each set's own training parts (joins only if it wins on their validation windows)`,
    );
    out(
      row(
        [
          'set',
          'method',
          'OWA',
          'cov80%',
          'cov95%',
          'joined',
          'units',
          'train s',
          'calib s',
          'epochs',
          'batch s',
          'backend',
        ],
        17,
        16,
      ),
    );
    const global: Record<string, Record<string, unknown>> = {};
    for (const set of sets) {
      const pick = loso?.rows.find((r) => r.set === set.key)?.loso.method;
      global[set.key] = {};
      for (const name of pick && pick !== method ? [method, pick] : [method]) {
        const g = await withGlobal(set, name);
        global[set.key][name] = g;
        const label = name === pick ? `${name} (LOSO)` : name;
        out(
          row(
            [
              set.key,
              label,
              g.OWA as number,
              g.coverage80 as number,
              g.coverage95 as number,
              g.joined ? 'yes' : 'no',
              g.hiddenUnits as number,
              round((g.trainMs as number) / 1000, 1),
              round((g.calibrationTrainMs as number) / 1000, 1),
              g.stoppedBy === 'time-budget' ? `${g.epochs as number} (time!)` : (g.epochs as number),
              round((g.batchMs as number) / 1000, 1),
              g.backend as string,
            ],
            17,
            16,
          ),
        );
        err(`global model ${set.key}/${name}: ${g.reason as string}`);
      }
    }
    figures.global = global;
  }

  if (reference === 'r') {
    out(`\nR forecast ${rForecastVersion()} on the same series (ratio = ours / R; ms = CPU ms per series)`);
    out(
      row([
        'set',
        'method',
        'OWA',
        'R OWA',
        'ratio',
        'cov80%',
        'R cov80',
        'cov95%',
        'R cov95',
        'cpu ms',
        'R cpu ms',
        'R/ours',
      ]),
    );
    const ref: Record<string, unknown> = {};
    for (const set of sets) {
      err(`reference: running R on ${set.key} (${set.train.length} series)...`);
      const r = runRReference(join(repoRoot(), 'scripts', 'bench', 'reference-forecast.R'), set.train, set.test, set);
      const entry: Record<string, unknown> = { R: r };
      for (const { r: rName, ours } of R_METHODS) {
        const o = scoreOnTest(getForecaster(ours), set);
        entry[ours] = o;
        const rf = r[rName];
        out(
          row([
            set.key,
            `${ours}/${rName}`,
            o.OWA,
            rf.OWA,
            round(o.OWA / rf.OWA),
            o.coverage80,
            rf.coverage80,
            o.coverage95,
            rf.coverage95,
            o.cpuMsPerSeries,
            round(rf.cpuMsPerSeries, 1),
            round(rf.cpuMsPerSeries / o.cpuMsPerSeries, 1),
          ]),
        );
      }
      const d = main[set.key];
      out(
        row([
          set.key,
          method,
          d.OWA,
          r.ets.OWA,
          round(d.OWA / r.ets.OWA),
          d.coverage80,
          r.ets.coverage80,
          d.coverage95,
          r.ets.coverage95,
          d.cpuMsPerSeries,
          round(r.ets.cpuMsPerSeries, 1),
          round(r.ets.cpuMsPerSeries / d.cpuMsPerSeries, 1),
        ]),
      );
      ref[set.key] = entry;
    }
    figures.referenceR = ref;
  }
  out(JSON.stringify(figures));
}

main().catch((e: unknown) => {
  err(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
