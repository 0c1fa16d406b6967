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
import { canonicalChecksum, type KpiDailyPoint, type KpiDailyState } from '@bsc/persistence';
import type { TwinModel } from '@bsc/twin';
import {
  DAILY_PERIODS_KEPT,
  dailyKpiModel,
  toDailySeries,
  type DailyKpiModel,
  type DailyPoint,
  type DailySeries,
} from './daily-kpi-series';
import { feedPages, restoreDailyEngine, type DailySampleSource } from './daily-engine-checkpoint';

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
  save(state: KpiDailyState, points: readonly KpiDailyPoint[], replaceAll: boolean): Promise<boolean>;
  readAll(): AsyncIterable<KpiDailyPoint[]>;
}

export interface DailyUpdateFigures {
  /**
   * 'full': no stored values for this model yet, everything was read; 'incremental': from `since` on;
   * 'checkpoint': the previous update's engine state restored, the samples received since read (and the few the
   * restore needs).
   */
  mode: 'full' | 'incremental' | 'checkpoint';
  /** Day (epoch ms) from which daily values were recomputed; null on a full update. */
  since: number | null;
  samplesRead: number;
  daysWritten: number;
}

/**
 * Every KPI's daily series from the stored daily values, brought up to date first: only the days from the last
 * update's open day (or from an older sample received since, late data) are recomputed, from the samples they need
 * (see ReplayHorizon), and stored; closed days are read back as values, never from their samples again. A model
 * change (its KPIs, signals or calendar, planned stops aside) rebuilds everything once.
 */
export async function updateDailyKpiSeries(
  model: TwinModel,
  samples: DailySampleSource,
  store: DailyValueStore,
  /** Wall clock: samples received by then are read. */
  now: number,
  options?: KpiEngineOptions,
): Promise<{ series: Map<string, DailySeries>; figures: DailyUpdateFigures }> {
  const { daily, modelChecksum, fineHorizonMs } = dailyModelOf(model);
  const calendar = new FiscalCalendar(model.calendar);
  const state = await store.state();
  const reuse = state !== null && state.modelChecksum === modelChecksum;
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
  const saved = await store.save(
    {
      modelChecksum,
      frontier,
      receivedBy: position,
      checkpoint: checkpoint && (await checkpointBytes(checkpoint.data)),
    },
    points,
    !reuse,
  );
  const figures: DailyUpdateFigures = {
    mode: restored ? 'checkpoint' : reuse ? 'incremental' : 'full',
    since: reuse ? since : null,
    samplesRead,
    daysWritten: saved ? points.length : 0,
  };
  // a full update holds every value already; otherwise (or when a newer update won) the store has them
  const stored = saved && !reuse ? [points] : store.readAll();
  return { series: await toSeries(stored, daily.series, calendar), figures };
}

async function toSeries(
  pages: AsyncIterable<readonly KpiDailyPoint[]> | Iterable<readonly KpiDailyPoint[]>,
  kinds: ReadonlyMap<string, { key: string; additive: boolean }>,
  calendar: FiscalCalendar,
): Promise<Map<string, DailySeries>> {
  const byKey = new Map<string, DailyPoint[]>();
  for await (const page of pages) {
    for (const p of page) {
      let list = byKey.get(p.seriesKey);
      if (!list) byKey.set(p.seriesKey, (list = []));
      list.push({ periodStart: p.dayStart, value: p.value });
    }
  }
  const out = new Map<string, DailySeries>();
  // in the model's order, as the reference builds them
  for (const { key, additive } of kinds.values()) {
    const series = toDailySeries(byKey.get(key) ?? [], additive, calendar);
    if (series) out.set(key, series);
  }
  return out;
}
