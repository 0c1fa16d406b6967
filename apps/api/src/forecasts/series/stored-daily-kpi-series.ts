import { minOf } from '@bsc/common';
import {
  checkpointBytes,
  DEFAULT_CHECKPOINT_REPLAY_MS,
  DEFAULT_RETENTION_MS,
  FiscalCalendar,
  fittedFineHorizon,
  KpiEngine,
  type KpiEngineOptions,
} from '@bsc/kpi';
import { canonicalChecksum, type KpiDailyPoint, type KpiDailyState, type KpiDailyVersion } from '@bsc/persistence';
import type { TwinModel } from '@bsc/twin';
import {
  addLevelChanges,
  DAILY_PERIODS_KEPT,
  dailyKpiModel,
  dailySeriesInOrder,
  type DailyKpiModel,
  type DailySeries,
} from './daily-kpi-series';
import { feedPages, restoreDailyEngine, type DailySampleSource } from './daily-engine-checkpoint';
import { KeptDailyValues, sameVersion } from './kept-daily-values';

export type { DailySampleSource } from './daily-engine-checkpoint';

/**
 * Samples stamped on receipt before an update but committed after it read them: the next update reads everything
 * received since this long before the previous one, so none is missed.
 */
export const COMMIT_GRACE_MS = 5 * 60_000;
/**
 * Event time between re-evaluations of daily values that move with time alone while samples are fed: only the
 * values at the end of a feed are read, and refreshMoving brings them there exactly, so an hour spares evaluating
 * every such KPI on every page (each page of a day's samples covers well under a second at high rates).
 */
const DAILY_MOVING_REFRESH_MS = 3_600_000;
/** Bumped when what the daily values mean changes: stored values of another format are rebuilt. */
const DAILY_FORMAT = 1;

/**
 * How far behind the newest sample an update feeds samples without recomputing their days: the checkpoint's cut,
 * and the samples received within the commit grace after the ones read before them.
 */
const DAILY_LATENESS_MS = DEFAULT_CHECKPOINT_REPLAY_MS + COMMIT_GRACE_MS;

interface KnownDailyModel {
  daily: DailyKpiModel;
  modelChecksum: string;
  /** The daily engine's fine buckets reach only as far back as its windows read (see fittedFineHorizon). */
  fineHorizonMs: number;
}

/** Per model object (a version's model is never changed in place): its daily model and the checksum of what it means. */
const dailyModels = new WeakMap<TwinModel, KnownDailyModel>();

/**
 * The daily model of `model` and its checksum, computed once per model object: the forecast worker keeps its model
 * between cycles, and at 100,000 signals the checksum alone costs about a second.
 */
export function dailyModelOf(model: TwinModel): KnownDailyModel {
  let known = dailyModels.get(model);
  if (!known) {
    const daily = dailyKpiModel(model);
    const modelChecksum = canonicalChecksum({
      format: DAILY_FORMAT,
      kpis: daily.model.kpis,
      signals: model.signals,
      // planned stops mute anomalies and change no KPI value: editing them keeps the stored days
      calendar: { ...model.calendar, plannedDowntime: undefined },
    });
    known = { daily, modelChecksum, fineHorizonMs: fittedFineHorizon(daily.model, { floorMs: DAILY_LATENESS_MS }) };
    dailyModels.set(model, known);
  }
  return known;
}

/** The stored daily values, as KpiDailyValueRepository keeps them. */
export interface DailyValueStore {
  state(): Promise<KpiDailyState | null>;
  save(
    state: KpiDailyState,
    points: readonly KpiDailyPoint[],
    replaceAll: boolean,
    from?: KpiDailyVersion | null,
  ): Promise<boolean>;
  readAll(): AsyncIterable<KpiDailyPoint[]>;
}

export interface DailyUpdateFigures {
  /**
   * 'full': no stored values for this model yet, everything was read; 'incremental': from `since` on;
   * 'checkpoint': the previous update's engine state restored, the samples received since read (and the few the
   * restore needs); 'current': the stored values already hold every sample received by `now` (an update as of
   * `now` or later was stored: another batch of the same forecast run, or another replica), so nothing was read.
   */
  mode: 'full' | 'incremental' | 'checkpoint' | 'current';
  /** Day (epoch ms) from which daily values were recomputed; null on a full update. */
  since: number | null;
  samplesRead: number;
  daysWritten: number;
  /** Stored values read back (0 when the kept ones and the update's own points were the store's). */
  valuesRead: number;
}

/**
 * Every KPI's daily series from the stored daily values, brought up to date first: only the days from the last
 * update's open day (or from an older sample received since, late data) are recomputed, from the samples they need
 * (see ReplayHorizon), and stored; closed days are read back as values (or taken from those kept from the previous
 * update, see KeptDailyValues), never from their samples again. A model change (its KPIs, signals or calendar,
 * planned stops aside) rebuilds everything once.
 */
export async function updateDailyKpiSeries(
  model: TwinModel,
  samples: DailySampleSource,
  store: DailyValueStore,
  /** Wall clock: samples received by then are read. */
  now: number,
  options?: KpiEngineOptions,
  /** The values kept from the previous update (see KeptDailyValues): brought up to date, read back only when not. */
  kept?: KeptDailyValues,
): Promise<{ series: Map<string, DailySeries>; figures: DailyUpdateFigures }> {
  const { daily, modelChecksum, fineHorizonMs } = dailyModelOf(model);
  const calendar = new FiscalCalendar(model.calendar);
  const state = await store.state();
  const reuse = state !== null && state.modelChecksum === modelChecksum;
  const read = state && versionOf(state);
  // saved only over the version kept, the store then holds the kept values and this update's points
  const over = reuse && kept?.holds(read) ? read : undefined;
  // an update as of `now` or later fed every sample received by `now`: feeding again from its checkpoint would read
  // its commit grace once more for the same values (each batch of a scaled-out run read five minutes of samples)
  if (reuse && state.receivedBy + COMMIT_GRACE_MS >= now) {
    const values = kept ?? new KeptDailyValues();
    const valuesRead = over ? 0 : await readBack(store, values);
    const figures: DailyUpdateFigures = { mode: 'current', since: null, samplesRead: 0, daysWritten: 0, valuesRead };
    return { series: toSeries(values, daily, calendar), figures };
  }
  // the checkpoint holds every sample received by here (committed by now: see COMMIT_GRACE_MS), the next update's start
  const position = now - COMMIT_GRACE_MS;
  // the fitted horizon reads every window from the buckets the default one does; hour buckets keep its lateness
  const horizon =
    options?.retentionMs === undefined ? { retentionMs: fineHorizonMs, latenessMs: DEFAULT_RETENTION_MS } : {};
  const create = () =>
    new KpiEngine(daily.model, {
      maxPeriodsPerType: DAILY_PERIODS_KEPT,
      movingRefreshMs: DAILY_MOVING_REFRESH_MS,
      ...horizon,
      ...options,
    });
  const restored =
    reuse && state.checkpoint
      ? await restoreDailyEngine(create(), state.checkpoint, state.receivedBy, samples, now)
      : null;
  let engine: KpiEngine;
  let since = -Infinity;
  let samplesRead = 0;
  let from: number | undefined;
  if (restored) {
    engine = restored.engine;
    since = minOf(restored.horizon.floors.values());
    samplesRead = restored.samplesRead;
    // the restore checked that nothing received since is older than the late bound: reading from there is exact,
    // and an index range over the newest samples, not a scan of every stored one for its receipt time
    const { lateBound } = restored.horizon;
    from = Number.isFinite(lateBound) ? lateBound : undefined;
    samplesRead += await feedPages(
      engine,
      samples.replay({ receivedAfter: state!.receivedBy, receivedBy: position, from }),
    );
  } else {
    engine = create();
    if (reuse) {
      const late = await samples.oldestReceivedAfter(state.receivedBy, { receivedBy: now });
      since = calendar.periodOf(Math.min(state.frontier, late ?? Infinity), 'day').start;
      // no retention lead: the horizon reaches back exactly to what the recomputed days need
      const horizon = engine.replayHorizon(Infinity, since);
      engine.limitTo(horizon);
      from = horizon.from;
      const carried = Number.isFinite(from) ? await samples.carriedIn([...horizon.signals.keys()], from, now) : [];
      engine.replay(carried);
      samplesRead += carried.length;
    }
    if (from === undefined || Number.isFinite(from))
      samplesRead += await feedPages(engine, samples.replay({ receivedBy: position, from }));
  }
  // the checkpoint holds the values as of its watermark, as the reference's
  engine.refreshMoving();
  const checkpoint = engine.checkpoint();
  if (from === undefined || Number.isFinite(from)) {
    const after = restored ? state!.receivedBy : undefined;
    const newer = { receivedAfter: Math.max(position, after ?? -Infinity), receivedBy: now, from };
    samplesRead += await feedPages(engine, samples.replay(newer));
    engine.refreshMoving();
  }
  const points: KpiDailyPoint[] = [];
  for (const [id, { key }] of daily.series) {
    for (const v of engine.history(id)) points.push({ seriesKey: key, dayStart: v.periodStart, value: v.value });
  }
  const wm = engine.watermark;
  const frontier = wm !== -Infinity ? calendar.periodOf(wm, 'day').start : reuse ? state.frontier : 0;
  const written: KpiDailyState = {
    modelChecksum,
    frontier,
    receivedBy: position,
    checkpoint: checkpoint && (await checkpointBytes(checkpoint.data)),
  };
  // over the version kept, or (the store moved since it was read) as any update saves, and read back
  const fast = over !== undefined && (await store.save(written, points, false, over));
  const saved = fast || (await store.save(written, points, !reuse));
  const values = kept ?? new KeptDailyValues();
  let valuesRead = 0;
  if (fast) values.apply(versionOf(written), points);
  else if (saved && !reuse) {
    // a full update holds every value already
    await values.replace([points]);
    values.standFor(versionOf(written));
  } else valuesRead = await readBack(store, values);
  const figures: DailyUpdateFigures = {
    mode: restored ? 'checkpoint' : reuse ? 'incremental' : 'full',
    since: reuse ? since : null,
    samplesRead,
    daysWritten: saved ? points.length : 0,
    valuesRead,
  };
  return { series: toSeries(values, daily, calendar), figures };
}

function versionOf(state: KpiDailyState): KpiDailyVersion {
  return { modelChecksum: state.modelChecksum, receivedBy: state.receivedBy };
}

/**
 * Every stored value into `values`, kept as the version read before and after them when both are one (a save in
 * between moves the version: every save moves its receipts or its model forward).
 */
async function readBack(store: DailyValueStore, values: KeptDailyValues): Promise<number> {
  const before = await store.state();
  const read = await values.replace(store.readAll());
  const after = await store.state();
  if (before && after && sameVersion(versionOf(before), versionOf(after))) values.standFor(versionOf(after));
  return read;
}

function toSeries(values: KeptDailyValues, daily: DailyKpiModel, calendar: FiscalCalendar): Map<string, DailySeries> {
  const out = new Map<string, DailySeries>();
  // in the model's order, as the reference builds them
  for (const { key, additive } of daily.series.values()) {
    const kept = values.series(key);
    const series = kept && dailySeriesInOrder(kept.days, kept.values, additive, calendar);
    if (series) out.set(key, series);
  }
  addLevelChanges(out, daily, (key) => values.series(key), calendar);
  return out;
}
