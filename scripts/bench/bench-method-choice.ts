/*
 * Method-choice benchmark: how well the forecast job's per-series method choice picks, and what its backtests cost,
 * on the public competition sets (../shared/data/forecasting from the repo root, or --data DIR /
 * BSC_FORECAST_DATA). For each series the job's pool (the default ensemble and its members, see
 * candidateForecasters) is backtested on the training part at the job's 3 origins with the set's own horizon and
 * season, a member replacing the default only when clearly better (chooseMethod); the chosen method, fitted on the
 * whole training part, forecasts the test part. Side by side in one run, the backtests' origins forecast by a fit at
 * every origin ('each'), by one fit per doubling of the history run on to them ('doubling', see OriginFits), and
 * refitted at origins on a fixed grid of the step from each series' first value ('grid', see BacktestOptions.grid):
 * sMAPE, MASE and OWA against Naive2 of the chosen forecasts, interval coverage, how often each method was chosen,
 * the share of series whose choice differs from the first mode's, and the CPU time of the choices; beside them, the
 * default method alone on every series (no choice). 'kept' runs as 'each' after the series' last 7 days before it
 * (the 7 shorter leading parts, each chosen and forecast in turn) with one structure store (see
 * fitWithStructureHint), as the forecast job runs a KPI day after day: the automatic models fit the structure an
 * earlier day's search chose while it serves; its CPU figures are the last day's. 'choice7' and 'choice3' run as
 * 'kept' and keep the method choice too, for at most 7 or 3 values (chooseMethodKept: the backtests run when the
 * series' choice is due). For these, 'CPU a day' is the choices' CPU averaged over the 8 days each series runs
 * (a week's reselections fall on one of them). 'fits3' runs as 'choice3' and keeps the automatic models' fits with
 * their structures (and Optimised Theta's), run on over the longer series rather than refitted
 * (SeriesStructures.parameters). 'span3' runs as 'fits3' and lets a structure chosen at or after a backtest's oldest
 * origin serve its later origins (BacktestOptions.spanStructures). 'weeks2' and 'arima2' run as 'fits3' with the
 * structures of every method, or ARIMA's alone, chosen again every 14 values instead of 7
 * (SeriesStructures.reselectEvery), each series' last 14 days run first. 'noarima3' runs as 'fits3' with the pool
 * less its ARIMA candidate (the default ensemble, ETS and Optimised Theta).
 * --modes each limits the modes (--modes none: the default alone),
 * --sets a,b the sets, --stride k keeps every k-th series. Last line: one JSON object.
 *   node dist/scripts/bench/bench-method-choice.js [--sets tourismMonthly] [--stride 1] [--modes each,doubling,grid]
 */
import { loadavg } from 'os';
import {
  chooseMethod,
  chooseMethodKept,
  mapFitStore,
  seriesStructures,
  STRUCTURE_RESELECT_EVERY,
  type SeriesStructures,
  type ForecastResult,
  type OriginFits,
} from '@bsc/forecasting';
import { candidateForecasters } from '../../apps/api/src/forecasts/job/kpi-forecast';
import { BACKTEST } from '../../apps/api/src/forecasts/job/series-projection';
import {
  forecastDataDir,
  round,
  scoreResults,
  setsFromArgs,
  type Figures,
  type LoadedSet,
} from './forecast/bench-sets';
import { argChoices, argNumber } from './support/bench-args';
import { ownCpuMs } from './support/bench-stats';

/**
 * How the backtests' origins are forecast ('each', 'doubling': see OriginFits) or placed ('grid'), or whether the
 * structures chosen on earlier days are kept ('kept'), with the method choice too ('choice7', 'choice3').
 */
type Mode = OriginFits | 'grid' | 'kept' | 'choice7' | 'choice3' | 'fits3' | 'span3' | 'weeks2' | 'arima2' | 'noarima3';
const ALL_MODES: readonly Mode[] = [
  'each',
  'doubling',
  'grid',
  'kept',
  'choice7',
  'choice3',
  'fits3',
  'span3',
  'weeks2',
  'arima2',
  'noarima3',
];
/** The most values a kept method choice serves, by mode. */
const KEEP_CHOICE: Partial<Record<Mode, number>> = {
  choice7: 7,
  choice3: 3,
  fits3: 3,
  span3: 3,
  weeks2: 3,
  arima2: 3,
  noarima3: 3,
};
/** 'weeks2' and 'arima2': the most values a structure serves, for every method or for ARIMA's alone. */
const TWO_WEEKS = 2 * STRUCTURE_RESELECT_EVERY;
const RESELECT: Partial<Record<Mode, (method: string) => number | undefined>> = {
  weeks2: (method) => (method.startsWith('choice|') ? undefined : TWO_WEEKS),
  arima2: (method) => (method.startsWith('auto-arima') ? TWO_WEEKS : undefined),
};

/** 'grid': refitted at each origin, the origins on a fixed grid of the step from each series' first value. */
function modePlan(mode: Mode): { fits: OriginFits; grid?: number; spanStructures?: boolean } {
  if (mode === 'grid') return { fits: 'each', grid: 0 };
  if (mode === 'span3') return { fits: 'each', spanStructures: true };
  return { fits: mode === 'doubling' ? 'doubling' : 'each' };
}

interface ModeFigures extends Figures {
  chosen: Record<string, number>;
  cpuMsPerChoice: number;
  /** Modes that keep structures: the choices' CPU over the days a series runs (see warmDays), per day. */
  cpuMsPerChoiceDay?: number;
}

const keepsStructures = (mode: Mode): boolean => mode === 'kept' || KEEP_CHOICE[mode] !== undefined;
/** Modes that keep the automatic models' fits with their structures (SeriesStructures.parameters). */
const KEEPS_FITS: readonly Mode[] = ['fits3', 'span3', 'weeks2', 'arima2', 'noarima3'];
/** Days run before the scored one: the longest a structure serves, so the last day's are as old as they come. */
const warmDays = (mode: Mode): number => (RESELECT[mode] ? TWO_WEEKS : STRUCTURE_RESELECT_EVERY);

function measure(set: LoadedSet, mode: Mode): { figures: ModeFigures; choices: string[] } {
  // 'noarima3': the pool without its ARIMA candidate (ARIMA stays inside the default where the default holds it)
  const candidates = candidateForecasters().filter((f) => mode !== 'noarima3' || f.name !== 'arima');
  const plan = { h: set.h, m: set.m, origins: BACKTEST.origins, ...modePlan(mode) };
  const choices: string[] = [];
  const results: ForecastResult[] = [];
  let choiceCpu = 0;
  const started = ownCpuMs();
  let earlierCpu = 0;
  let dayChoiceCpu = 0;
  let days = 0;
  const choose = (part: readonly number[], structures: SeriesStructures | undefined) => {
    const before = ownCpuMs();
    const { chosen } =
      KEEP_CHOICE[mode] !== undefined && structures
        ? chooseMethodKept(part, candidates, { ...plan, structures, keepFor: KEEP_CHOICE[mode] })
        : chooseMethod(part, candidates, { ...plan, structures });
    const used = ownCpuMs() - before;
    dayChoiceCpu += used;
    days += 1;
    return { chosen, used };
  };
  for (const y of set.train) {
    const options = { parameters: KEEPS_FITS.includes(mode), reselectEvery: RESELECT[mode] };
    const structures = keepsStructures(mode) ? seriesStructures(mapFitStore(), y, options) : undefined;
    const earlier = ownCpuMs();
    for (let day = warmDays(mode); structures && day >= 1 && y.length - day > 0; day--) {
      const part = y.slice(0, y.length - day);
      const { chosen } = choose(part, structures);
      chosen.forecast({ y: part, h: set.h, m: set.m, levels: [], structures });
    }
    earlierCpu += ownCpuMs() - earlier;
    const { chosen, used } = choose(y, structures);
    choiceCpu += used;
    choices.push(chosen.name);
    results.push(chosen.forecast({ y, h: set.h, m: set.m, levels: [80, 95], structures }));
  }
  const cpu = ownCpuMs() - started - earlierCpu;
  const chosen: Record<string, number> = {};
  for (const name of choices) chosen[name] = (chosen[name] ?? 0) + 1;
  const figures = scoreResults(set.train, set.test, results, set, { ms: cpu, cpuMs: cpu });
  const perChoice = round(choiceCpu / set.train.length, 2);
  const perDay = keepsStructures(mode) ? { cpuMsPerChoiceDay: round(dayChoiceCpu / days, 2) } : {};
  return { figures: { ...figures, chosen, cpuMsPerChoice: perChoice, ...perDay }, choices };
}

/** The default (the pool's first method) on every series, as if the choice always kept it. */
function defaultAlone(set: LoadedSet): Figures {
  const method = candidateForecasters()[0];
  const started = ownCpuMs();
  const results = set.train.map((y) => method.forecast({ y, h: set.h, m: set.m, levels: [80, 95] }));
  const cpu = ownCpuMs() - started;
  return scoreResults(set.train, set.test, results, set, { ms: cpu, cpuMs: cpu });
}

function main(): void {
  const sets = setsFromArgs(forecastDataDir('bench-method-choice'));
  const stride = argNumber('stride', 1);
  const modes = argChoices('modes', ALL_MODES);
  const out: Record<string, Record<string, Figures | number>> = {};
  for (const set of sets) {
    out[set.key] = {};
    const byMode = new Map<Mode, string[]>();
    const alone = defaultAlone(set);
    out[set.key].defaultAlone = alone;
    console.log(
      `${set.key.padEnd(18)} default alone ${alone.series} series: OWA ${alone.OWA} (sMAPE ${alone.sMAPE}, ` +
        `MASE ${alone.MASE}), cov 80 ${alone.coverage80} / 95 ${alone.coverage95}; CPU ${alone.cpuMsPerSeries} ms per series`,
    );
    for (const mode of modes) {
      const { figures: f, choices } = measure(set, mode);
      byMode.set(mode, choices);
      out[set.key][mode] = f;
      console.log(
        `${set.key.padEnd(18)} ${mode.padEnd(9)} ${f.series} series: OWA ${f.OWA} (sMAPE ${f.sMAPE}, MASE ${f.MASE}), ` +
          `cov 80 ${f.coverage80} / 95 ${f.coverage95}; chosen ${JSON.stringify(f.chosen)}; ` +
          `CPU ${f.cpuMsPerChoice} ms per choice` +
          (f.cpuMsPerChoiceDay !== undefined ? ` (${f.cpuMsPerChoiceDay} a day over ${warmDays(mode) + 1} days)` : '') +
          `, ${f.cpuMsPerSeries} ms per series with its forecast`,
      );
    }
    // each later mode's choices against the first mode's
    for (const other of modes.slice(1)) {
      const [a, b] = [byMode.get(modes[0])!, byMode.get(other)!];
      const differ = a.filter((name, i) => name !== b[i]).length;
      out[set.key][`choicesDiffer-${other}`] = round((100 * differ) / a.length, 1);
      console.log(
        `${set.key.padEnd(18)} ${other} against ${modes[0]}: choices differ on ${differ} of ${a.length} series`,
      );
    }
  }
  console.log(JSON.stringify({ stride, load1: round(loadavg()[0], 1), sets: out }));
}

main();
