import { STRUCTURES_KEY_PREFIX } from '@bsc/forecasting';
import { emptyForecastMemo, type ForecastMemo } from '../job/forecast-memo';
import { DAY_MS } from '../series/daily-kpi-series';

/**
 * Stored structures not written again for this long go: a series still forecast writes its list at least once a
 * week (each kept structure serves a week of its growth at most), so two weeks leave only series no longer forecast.
 */
export const STORED_STRUCTURES_KEPT_MS = 14 * DAY_MS;

/** The kept structures as ForecastStructureRepository stores them. */
export interface StructureStore {
  readAll(): Promise<Map<string, unknown>>;
  save(entries: Iterable<readonly [string, unknown]>, now: number): Promise<void>;
  dropWrittenBefore(cutoff: number): Promise<number>;
}

const isStructure = (key: string) => key.startsWith(STRUCTURES_KEY_PREFIX);

/** The model structures of a memo and nothing else of it: what a restarted forecast worker reads back. */
export function structuresOnly(memo: ForecastMemo): ForecastMemo {
  const kept = emptyForecastMemo();
  for (const [key, model] of memo.models) if (isStructure(key)) kept.models.set(key, model);
  return kept;
}

/**
 * The memo a run starts from: one that holds nothing yet (a new forecast worker, after a restart or a failure) is
 * given the model structures earlier runs stored, so the first cycle fits them instead of searching every series
 * again. Any other memo is handed on as it is.
 */
export async function withStoredStructures(
  memo: ForecastMemo | undefined,
  store: StructureStore,
): Promise<ForecastMemo | undefined> {
  if (memo && (memo.models.size > 0 || memo.choices.size > 0)) return memo;
  const stored = await store.readAll();
  if (stored.size === 0) return memo;
  const base = memo ?? emptyForecastMemo();
  return { ...base, models: new Map([...stored, ...base.models]) };
}

/**
 * Stores the structures a run wrote (a memo entry is never changed in place: a list not handed over as it is was
 * written by this run), and drops the ones not written for STORED_STRUCTURES_KEPT_MS.
 */
export async function storeStructures(
  store: StructureStore,
  handed: ForecastMemo | undefined,
  used: ForecastMemo,
  now: number,
): Promise<number> {
  const written = [...used.models].filter(([key, value]) => isStructure(key) && handed?.models.get(key) !== value);
  await store.save(written, now);
  await store.dropWrittenBefore(now - STORED_STRUCTURES_KEPT_MS);
  return written.length;
}
