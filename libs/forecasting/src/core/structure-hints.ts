import type { FitStore } from './fit-store';
import { seriesFingerprint } from './series-fingerprint';

/**
 * Series values a structure is chosen again after, at most: a structure chosen on a leading part of a series serves
 * the series until it has grown to the next length of its phase (see reselectAt), between 1 and this many values
 * later. A week of a daily series.
 */
export const STRUCTURE_RESELECT_EVERY = 7;
/** What the keys of kept structures begin with in the store seriesStructures is given (the forecast memo). */
export const STRUCTURES_KEY_PREFIX = 'structure|';
/** Structures kept per method and series: a series' backtest origins, its whole length, and the ones they replace. */
const KEPT = 12;
/** The leading values that name a series (and give its phase): they do not change as the series grows. */
const IDENTITY_VALUES = 28;

/** One structure as chosen on a series of `length` values. */
interface StructureHint<S> {
  length: number;
  /** The first length at which the structure is chosen again. */
  until: number;
  structure: S;
}

/**
 * The first length after `length` at which a series of phase `phase` chooses its structure again: the next one equal
 * to the phase modulo STRUCTURE_RESELECT_EVERY. Each series has its own phase, so that of many series that all start
 * on one day about a seventh choose again on each later day rather than all of them on the same one.
 */
export function reselectAt(length: number, phase: number, every = STRUCTURE_RESELECT_EVERY): number {
  return length + 1 + ((((phase - length - 1) % every) + every) % every);
}

/** A series' phase for reselectAt, from its leading values (so it stays as the series grows). */
export function seriesPhase(y: readonly number[], every = STRUCTURE_RESELECT_EVERY): number {
  return parseInt(seriesFingerprint(y.slice(0, IDENTITY_VALUES)).slice(0, 5), 36) % every;
}

/**
 * The most a kept fit is run on (see SeriesStructures.parameters), as a share of the values it was fitted on: a
 * parameter estimate moves by about that share as values are added, so it stays a fit of the longer series. Set
 * from the platform's use (a year of daily values keeps its fit over the week its structure serves), not fitted.
 */
export const RUN_ON_SHARE = 1 / 50;

/** Whether a fit made on `fittedOn` values is run on over `length` (see RUN_ON_SHARE). */
export const runsOn = (fittedOn: number, length: number): boolean => length - fittedOn <= fittedOn * RUN_ON_SHARE;

/**
 * A series' kept structures (see seriesStructures). With `parameters`, the automatic models keep the fit their
 * search made, parameters included, and run it on over the longer series (new states, the same parameters) while
 * the structure serves and the series has grown by no more than RUN_ON_SHARE, instead of fitting the structure's
 * parameters again: a year of daily values has its parameters estimated once a week with its structure. Optimised
 * Theta, which has no structure, keeps its whole fit on the same days. Without, only the structures are kept.
 */
export interface SeriesStructures extends FitStore {
  readonly parameters?: boolean;
  /**
   * The most values a method's structure serves (by its key in the store), where it is not the caller's period: a
   * measured alternative (bench:method-choice, modes weeks2 and arima2), not the forecast job's.
   */
  readonly reselectEvery?: (method: string) => number | undefined;
}

/**
 * The part of `store` that holds the structures of one series, named by its leading values (which stay as the
 * series grows at its end): what a forecast of the series and of its leading parts passes as its `structures`. Its
 * adjusted forms (a deseasonalised series, re-estimated every day) are held under the series' name too, so a
 * structure chosen on an adjusted series serves the adjusted series of a later day.
 */
export function seriesStructures(
  store: FitStore,
  y: readonly number[],
  options: Pick<SeriesStructures, 'parameters' | 'reselectEvery'> = {},
): SeriesStructures {
  const { parameters = true, reselectEvery } = options;
  const scope = `${STRUCTURES_KEY_PREFIX}${seriesFingerprint(y.slice(0, IDENTITY_VALUES))}|`;
  return {
    model: (key) => store.model(scope + key),
    setModel: (key, model) => store.setModel(scope + key, model),
    ...(parameters ? { parameters } : {}),
    ...(reselectEvery ? { reselectEvery } : {}),
  };
}

/**
 * The structures of one backtest whose origins lie from `from` to `to` values: a structure chosen on at least `from`
 * values serves every origin up to `to` (it has seen nothing past the oldest origin it serves), so each method's
 * structure is searched at most once per backtest rather than at each origin whose kept structure fell due; its
 * parameters are fitted (or run on) at each origin as before. What the backtest writes keeps its own reselection.
 */
export function backtestStructures(structures: SeriesStructures, from: number, to: number): SeriesStructures {
  const originals = new WeakMap<object, unknown>();
  const isHint = (h: unknown): h is StructureHint<unknown> =>
    typeof h === 'object' && h !== null && typeof (h as StructureHint<unknown>).until === 'number';
  const widened = (hints: unknown) =>
    Array.isArray(hints)
      ? hints.map((h: unknown) => {
          if (!isHint(h) || h.length < from || h.until > to) return h;
          const wide = { ...h, until: to + 1 };
          originals.set(wide, h);
          return wide;
        })
      : hints;
  return {
    ...structures,
    model: (key) => widened(structures.model(key)),
    setModel: (key, model) =>
      structures.setModel(
        key,
        Array.isArray(model) ? model.map((h: unknown) => (isHint(h) ? (originals.get(h) ?? h) : h)) : model,
      ),
  };
}

/** The part of a kept structure's key that names its series (seriesStructures' scope); undefined for other keys. */
export function structuresScopeOf(key: string): string | undefined {
  if (!key.startsWith(STRUCTURES_KEY_PREFIX)) return undefined;
  const end = key.indexOf('|', STRUCTURES_KEY_PREFIX.length);
  return end < 0 ? undefined : key.slice(0, end + 1);
}

/**
 * fitWithStructureHint keeping the search's whole fit (as `keep` gives it: without series it need not hold): while it
 * serves and the series has grown by no more than RUN_ON_SHARE since, `runOn` runs it on over the longer series;
 * otherwise, or when the run fails (undefined), `refit` fits its structure again (see SeriesStructures.parameters).
 */
export function runOnKeptFit<F>(
  structures: SeriesStructures,
  method: string,
  y: readonly number[],
  parts: {
    search: () => F | undefined;
    runOn: (kept: F) => F | undefined;
    refit: (kept: F) => F | undefined;
    keep?: (fit: F) => F;
  },
): F | undefined {
  const { search, runOn, refit, keep = (fit: F) => fit } = parts;
  return fitWithStructureHint<F, F>(
    structures,
    method,
    y,
    search,
    keep,
    (kept, fittedOn) => (runsOn(fittedOn, y.length) ? runOn(kept) : undefined) ?? refit(kept),
  );
}

/**
 * A fit whose structure (ARIMA orders, an ETS form: what a search over candidate models chooses) comes from an
 * earlier search on a shorter form of the same series when `structures` (the series' own, see seriesStructures)
 * holds one that still serves, and from `search` otherwise. A search costs tens of fits of one structure (the
 * stepwise ARIMA search, the ETS family), and a daily series grows by one value a day: choosing its structure once
 * a week and fitting the parameters of that structure every day keeps the parameters current at a fraction of the
 * cost. A structure chosen on `length` values serves the lengths from there up to its reselection length (see
 * reselectAt); `fitStructure` is given that length too (a kept fit runs on from there: SeriesStructures.parameters).
 * A past value corrected since is in the parameters (or, run on, in the states) at once and in the structure at the
 * reselection. Without a store, or when the kept structure cannot be fitted on the longer series, it is the
 * search's fit. `every` is the most values a structure serves (a week by default; the store's reselectEvery where it
 * names a period for the method).
 */
export function fitWithStructureHint<F, S>(
  structures: SeriesStructures | undefined,
  method: string,
  y: readonly number[],
  search: () => F | undefined,
  structureOf: (fit: F) => S,
  fitStructure: (structure: S, fittedOn: number) => F | undefined,
  every = STRUCTURE_RESELECT_EVERY,
): F | undefined {
  if (!structures) return search();
  const period = structures.reselectEvery?.(method) ?? every;
  const hints = (structures.model(method) as Array<StructureHint<S>> | undefined) ?? [];
  const n = y.length;
  let best: StructureHint<S> | undefined;
  for (const hint of hints) {
    if (hint.length <= n && n < hint.until && (!best || hint.length > best.length)) best = hint;
  }
  const kept = best && fitStructure(best.structure, best.length);
  if (kept !== undefined) return kept;
  const fit = search();
  if (fit === undefined) return fit;
  const hint = { length: n, until: reselectAt(n, seriesPhase(y, period), period), structure: structureOf(fit) };
  // a new list: what the store holds is never changed in place (it may be the previous run's, or shared)
  structures.setModel(method, [hint, ...hints.filter((h) => h.length !== n)].slice(0, KEPT));
  return fit;
}
