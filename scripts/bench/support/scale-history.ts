import type { SignalSample } from '@bsc/common';
import { FiscalCalendar } from '@bsc/kpi';
import { KpiDailyValueRepository, SampleRepository } from '@bsc/persistence';
import type { TwinModel } from '@bsc/twin';
import type { DataSource } from 'typeorm';
import { startIngestion, stopIngestion } from './ingestion-child';
import { runForecastJob } from '../../../apps/api/src/forecasts/job/forecast-job';
import { trainKpiGlobalModel } from '../../../apps/api/src/forecasts/job/kpi-global-model';
import { buildDailyKpiSeries, type DailySeries } from '../../../apps/api/src/forecasts/series/daily-kpi-series';
import { KeptDailyValues } from '../../../apps/api/src/forecasts/series/kept-daily-values';
import { updateDailyKpiSeries } from '../../../apps/api/src/forecasts/series/stored-daily-kpi-series';

const SEED_BATCH = 10_000;
/** Seed batches written side by side on PostgreSQL's pool (its own transaction each, as the live writer's). */
const SEED_PARALLEL = 4;

/**
 * One sample per signal every `stepMs` over [from, to), each step received at its own time (as if stored live, so
 * the KPI revisions written since count it as published state). Resolves with how many were stored.
 */
export async function seedHistory(
  samples: SampleRepository,
  signals: number,
  range: { from: number; to: number; stepMs: number },
): Promise<number> {
  let stored = 0;
  const inFlight = new Set<Promise<void>>();
  for (let ts = range.from; ts < range.to; ts += range.stepMs) {
    for (let first = 0; first < signals; first += SEED_BATCH) {
      const batch: SignalSample[] = [];
      for (let s = first; s < Math.min(signals, first + SEED_BATCH); s++)
        batch.push({
          signalId: `s${s}`,
          ts,
          value: ((ts / range.stepMs + s) % 200) + 1,
          quality: 'good',
          source: 'bench',
        });
      const write: Promise<void> = samples.insertBatch(batch, ts).then((n) => {
        stored += n;
        inFlight.delete(write);
      });
      inFlight.add(write);
      if (inFlight.size >= (samples.parallelWrites ? SEED_PARALLEL : 1)) await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  return stored;
}

export interface CycleFigures {
  /** Building the daily KPI series. */
  seriesMs: number;
  /** Series, the global model's training and every KPI's forecast: one forecast cycle on this thread. */
  cycleMs: number;
  samplesRead: number | null;
}

export interface ForecastCycleFigures {
  series: number;
  /** Before: every stored sample replayed through a daily engine, each cycle (null: not measured). */
  before: CycleFigures | null;
  /** The first cycle on stored daily values: they are built from all samples once. */
  afterFirst: CycleFigures;
  /** A later cycle, one step of new samples since: only the open day is recomputed. */
  afterNext: CycleFigures;
}

async function cycle(
  model: TwinModel,
  build: () => Promise<{ series: Map<string, DailySeries>; samplesRead: number | null }>,
): Promise<CycleFigures> {
  const started = Date.now();
  const { series, samplesRead } = await build();
  const seriesMs = Date.now() - started;
  const now = Date.now();
  const today = new FiscalCalendar(model.calendar).periodOf(now, 'day').start;
  const global = await trainKpiGlobalModel(series, today);
  runForecastJob({ model, series, now, links: true, global });
  return { seriesMs, cycleMs: Date.now() - started, samplesRead };
}

/** The forecast cycle as it was (all samples each time) and as it is (stored daily values), on the same data. */
export async function measureForecastCycle(
  dataSource: DataSource,
  model: TwinModel,
  signals: number,
  nextStep: () => { ts: number },
  withBefore = true,
): Promise<ForecastCycleFigures> {
  const samples = new SampleRepository(dataSource);
  const store = new KpiDailyValueRepository(dataSource);
  let series = 0;
  const before = withBefore
    ? await cycle(model, async () => {
        const built = await buildDailyKpiSeries(model, samples.replay());
        return { series: built, samplesRead: null };
      })
    : null;
  // kept from cycle to cycle, as the forecast worker keeps them
  const kept = new KeptDailyValues();
  const stored = async () => {
    const updated = await updateDailyKpiSeries(model, samples, store, Date.now(), undefined, kept);
    series = updated.series.size;
    return { series: updated.series, samplesRead: updated.figures.samplesRead };
  };
  const afterFirst = await cycle(model, stored);
  const { ts } = nextStep();
  await seedHistory(samples, signals, { from: ts, to: ts + 1, stepMs: 1 });
  const afterNext = await cycle(model, stored);
  return { series, before, afterFirst, afterNext };
}

const DAY_MS = 86_400_000;

export interface RestartFigures {
  readyMs: number;
  cpuMs: number | null;
}

export interface HistoryFigures {
  days: number;
  samples: number;
  /** Of them, the last day's. */
  daySamples: number;
  /** A full replay (KPI_REPLAY_HISTORY=full); null: not measured. */
  restartBefore: RestartFigures | null;
  /**
   * Without the full replay: the first start after the history was written behind the ingestion's back (its
   * checkpoint, taken before, does not cover it and is refused), which then checkpoints at its stop; null: the full
   * replay was that start.
   */
  firstStart: RestartFigures | null;
  /** The restart after a start that has seen the history (and checkpointed it at its stop). */
  restartAfter: RestartFigures;
  forecast: ForecastCycleFigures;
}

export interface HistoryOptions {
  days: number;
  dayStepMs: number;
  timeoutMs: number;
  /** false: only the figures as now (no full replay, no forecast cycle on every sample). */
  before: boolean;
  progress(line: string): void;
}

/**
 * With the apps stopped: seeds `days` of history (one sample per signal a day) and a last day at `dayStepMs`, then
 * restarts ingestion with it, replaying all history as before (KPI_REPLAY_HISTORY=full) and as now, and runs the
 * forecast cycle before and after on the same database. Without the full replay, a first start replays the seeded
 * history (a checkpoint taken before it is refused) before the restart is measured.
 */
export async function measureHistory(
  dataSource: DataSource,
  env: Record<string, string>,
  model: TwinModel,
  signals: number,
  options: HistoryOptions,
): Promise<HistoryFigures> {
  const samples = new SampleRepository(dataSource);
  const now = Date.now();
  const dayFrom = now - DAY_MS;
  // one sample a day at noon (UTC) before the last day, then the last day at its finer step
  const yearFrom = Math.floor((now - options.days * DAY_MS) / DAY_MS) * DAY_MS + DAY_MS / 2;
  const older = await seedHistory(samples, signals, { from: yearFrom, to: dayFrom, stepMs: DAY_MS });
  const daySamples = await seedHistory(samples, signals, {
    from: dayFrom,
    to: now - 60_000,
    stepMs: options.dayStepMs,
  });
  options.progress(`seeded ${older} + ${daySamples} samples in ${Date.now() - now} ms`);
  const restart = async (extra: Record<string, string>): Promise<RestartFigures> => {
    const started = await startIngestion({ ...env, ...extra }, options.timeoutMs);
    await stopIngestion(started.app);
    return { readyMs: started.readyMs, cpuMs: started.cpuMs };
  };
  const restartBefore = options.before ? await restart({ KPI_REPLAY_HISTORY: 'full' }) : null;
  // a restart follows a run that saw the history: the seeded history is news to the first start after it
  const firstStart = options.before ? null : await restart({});
  const restartAfter = await restart({});
  options.progress(
    `restart ${restartBefore?.readyMs ?? '–'} ms before, ${restartAfter.readyMs} ms after${firstStartNote(firstStart)}`,
  );
  let nextTs = now;
  const forecast = await measureForecastCycle(
    dataSource,
    model,
    signals,
    () => ({
      ts: (nextTs = Math.max(nextTs + 1, Date.now())),
    }),
    options.before,
  );
  options.progress(
    `forecast cycle ${forecast.before?.cycleMs ?? '–'} ms before, ${forecast.afterFirst.cycleMs} ms first, ${forecast.afterNext.cycleMs} ms next`,
  );
  return {
    days: options.days,
    samples: older + daySamples,
    daySamples,
    restartBefore,
    firstStart,
    restartAfter,
    forecast,
  };
}

function firstStartNote(first: RestartFigures | null): string {
  return first ? ` (first start over the seeded history ${first.readyMs} ms)` : '';
}

/** One printed line of a size's history figures. */
export function historyRow(h: HistoryFigures | null): string {
  if (!h) return 'history not measured';
  const c = (x: CycleFigures | null): string => (x ? `${x.cycleMs} ms (series ${x.seriesMs} ms)` : 'not run');
  return (
    `${h.days} d of history, ${h.samples} samples (${h.daySamples} the last day), ${h.forecast.series} daily series: ` +
    `restart ${h.restartBefore?.readyMs ?? 'not run'} ms before (full replay) / ${h.restartAfter.readyMs} ms after` +
    `${firstStartNote(h.firstStart)}; ` +
    `forecast cycle ${c(h.forecast.before)} before / ${c(h.forecast.afterFirst)} first on stored values / ` +
    `${c(h.forecast.afterNext)} next (${h.forecast.afterNext.samplesRead} samples read)`
  );
}
