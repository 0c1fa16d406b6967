import type { Forecaster } from '../core/forecast.types';
import { seriesFingerprint } from '../core/series-fingerprint';
import { fitWithStructureHint, type SeriesStructures } from '../core/structure-hints';
import { chooseMethod, type BacktestOptions, type BacktestResult } from './rolling-origin-backtest';

/** A method choice as kept between runs: the chosen method by name, the backtests that chose it, on what. */
interface KeptChoice {
  chosen: string;
  results: BacktestResult[];
  /** The values it was chosen on (as many as the kept choice's length): a corrected one among them chooses again. */
  fingerprint: string;
}

export interface SeriesMethodChoice {
  chosen: Forecaster;
  /** The backtests that chose it: of the day it was chosen when it was kept. */
  results: BacktestResult[];
}

/**
 * chooseMethod, kept between runs like a model structure (see fitWithStructureHint): `structures` is the series'
 * own store (seriesStructures). A choice made on n values serves the series until it is chosen again at its
 * reselection length, at most `keepFor` values later (a week by default), so of a daily series' backtests (3
 * origins, each method refitted at each) a day runs about 1/keepFor on average. Not kept: a choice whose backtests
 * ran on fewer origins than asked (a short history: taken again each day as it grows), and one whose days were
 * corrected since. Candidates are named apart, and the key names them, the horizon, season and origins, so a
 * changed pool or plan chooses afresh.
 */
export function chooseMethodKept(
  series: readonly number[],
  candidates: readonly Forecaster[],
  options: BacktestOptions & { margin?: number; structures: SeriesStructures; keepFor?: number },
): SeriesMethodChoice {
  const wanted = options.origins;
  const key = `choice|${candidates.map((c) => c.name).join(',')}|h${options.h}|m${options.m}|o${wanted ?? '-'}`;
  const choice = fitWithStructureHint<SeriesMethodChoice, KeptChoice>(
    options.structures,
    key,
    series,
    () => chooseMethod(series, candidates, options),
    ({ chosen, results }) => ({ chosen: chosen.name, results, fingerprint: seriesFingerprint(series) }),
    (kept, chosenOn) => {
      const method = candidates.find((c) => c.name === kept.chosen);
      const full = kept.results.find((r) => r.method === kept.chosen)?.origins ?? 0;
      if (!method || (wanted !== undefined && full < wanted)) return undefined;
      const same = seriesFingerprint(series.slice(0, chosenOn)) === kept.fingerprint;
      return same ? { chosen: method, results: kept.results } : undefined;
    },
    options.keepFor,
  );
  // undefined only when the search gives nothing, and chooseMethod always chooses
  return choice as SeriesMethodChoice;
}
