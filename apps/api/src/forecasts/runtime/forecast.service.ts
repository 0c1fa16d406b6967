import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { ACTIVE_MODEL, HealthRegistry, SINGLETONS, type ActiveModel, type Singletons } from '@bsc/app-kit';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { Registry } from 'prom-client';
import { ForecastRepository, TargetOverrideRepository, type PersistenceConfig } from '@bsc/persistence';
import type { TargetOverrides } from '@bsc/scorecard';
import { toTargetOverrides } from '../../kpis/target-overrides';
import type {
  ForecastProvider,
  KpiForecastView,
  LaterPeriodEndView,
  LinkEstimateView,
} from '../forecast-provider.port';
import type { ForecastSchedule } from './forecast-schedule';
import { ForecastCache } from './forecast-cache';
import { FORECAST_QUEUE, type ForecastQueue } from './forecast-queue';
import { ForecastCycleMetrics } from './forecast-cycle.metrics';
import { ForecastPeriods } from './forecast-periods';
import { ForecastProgress } from './forecast-progress';
import { forecastRunner, type ForecastRunner } from './forecast-runner';
import { ForecastRunStore } from './forecast-run.store';
import { HistoryArrival } from './history-arrival';
import { LaterPeriodsOnDemand } from './later-periods-on-demand';

export const FORECAST_OPTIONS = Symbol('FORECAST_OPTIONS');

export interface ForecastOptions {
  database: PersistenceConfig;
  schedule: ForecastSchedule;
  /** Tests and scripts drive runs themselves. */
  autoStart: boolean;
  /** Nice value of the forecast worker thread (0: the API's priority). */
  workerNice?: number;
  /** The time runs forecast from and history arrives at (Date.now when absent; tests hold it). */
  clock?: () => number;
}

/**
 * Forecasts for every KPI, computed off the main thread: after start, on a regular interval, when a KPI's period
 * closes, and on demand. Queries read the in-memory cache (warmed from the database at start), never wait for a run.
 * Scaled out (a FORECAST_QUEUE), the schedule runs in the elected replica only and enqueues one job per KPI; every
 * replica works jobs off the queue, and reloads its cache from the database on each `forecast.updated`.
 */
@Injectable()
export class ForecastService implements ForecastProvider, OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ForecastService.name);
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private rerun = false;
  private lastRunAt: number | null = null;
  private stopped = false;
  private releaseSchedule?: () => Promise<void>;
  private readonly unsubscribe: Array<() => void> = [];
  /** Cycles run and forecasts stored: `/metrics` and the `forecasts` health check. */
  private readonly progress: ForecastProgress;
  /** History for past days still arriving (an import, a backfill, a connector catching up), and since which run. */
  private readonly history: HistoryArrival;
  /** The forecast worker: it holds the model and the memos the runs hand each other (see ForecastMemos). */
  private readonly runner: ForecastRunner;
  private readonly cache: ForecastCache;
  private readonly stored: ForecastRunStore;
  private readonly periods: ForecastPeriods;
  /** A scenario's periods beyond the ones the runs project, projected by the same job when asked for. */
  private readonly ahead = new LaterPeriodsOnDemand(async (now, kpiIds, laterPeriods) => {
    const model = this.activeModel.current().model;
    const overrides = await this.overrides();
    return this.runner.run(model, { kind: 'later', now, kpiIds, overrides, laterPeriods });
  });

  constructor(
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    results: ForecastRepository,
    private readonly targets: TargetOverrideRepository,
    @Inject(FORECAST_OPTIONS) private readonly options: ForecastOptions,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Optional() @Inject(SINGLETONS) private readonly singletons: Singletons | null = null,
    @Optional() @Inject(FORECAST_QUEUE) private readonly queue: ForecastQueue | null = null,
    @Optional() @Inject(Registry) metrics: Registry | null = null,
    @Optional() @Inject(HealthRegistry) health: HealthRegistry | null = null,
  ) {
    this.progress = new ForecastProgress(options.schedule, Date.now(), metrics && new ForecastCycleMetrics(metrics));
    // only a schedule promises cycles (tests and scripts run their own)
    if (options.autoStart) health?.register('forecasts', () => this.progress.health(Date.now()));
    this.periods = new ForecastPeriods(activeModel);
    this.history = new HistoryArrival((t) => this.periods.dayStartOf(t), options.schedule.periodCheckMs);
    this.runner = forecastRunner(options.database, options.workerNice);
    this.cache = new ForecastCache(
      results,
      () => this.activeModel.current().model.kpis.map((k) => k.id),
      () => this.ahead.clear(),
    );
    this.stored = new ForecastRunStore(this.cache, results, bus, options.schedule.retentionMs);
  }

  /**
   * History arriving is listened for before any module's application bootstrap: in the platform the KPI feed
   * announces there the imports stored while it was stopped, and its module (global, imported first) goes first.
   * Other replicas' forecasts too: one stored while the cache warms would otherwise stay unread.
   */
  onModuleInit(): void {
    this.unsubscribe.push(
      this.bus.subscribe('samples.ingested', ({ samples }) => this.history.note(samples, this.now())),
    );
    // scaled out, before the cache warms: what another replica stores meanwhile is read again after the warm-up
    if (this.queue)
      this.unsubscribe.push(
        this.bus.subscribe('forecast.updated', (event) => {
          this.progress.stored(Date.now());
          void this.cache.announced(event);
        }),
      );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.cache.warm();
    if (this.queue) {
      this.queue.work((kpiIds, links, runAt) => this.execute(kpiIds, links, true, runAt));
    }
    if (!this.options.autoStart) return;
    if (this.singletons?.elected)
      this.releaseSchedule = this.singletons.run('forecast-scheduler', () => this.schedule());
    else this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe.splice(0)) off();
    for (const timer of this.timers) clearTimeout(timer);
    await this.releaseSchedule?.();
    await this.running;
    await this.runner.close();
  }

  private schedule(): () => void {
    const { initialDelayMs, intervalMs, periodCheckMs } = this.options.schedule;
    this.timers = [
      setTimeout(() => void this.runNow(), initialDelayMs),
      setInterval(() => void this.runNow(), intervalMs),
      setInterval(() => this.checkPeriods(), periodCheckMs),
    ];
    for (const timer of this.timers) timer.unref();
    return () => this.timers.splice(0).forEach((timer) => clearTimeout(timer));
  }

  forecast(kpiId: string, horizon?: number): Promise<KpiForecastView | null> {
    const view = this.cache.views.get(kpiId);
    if (!view) {
      // scaled out, only the scheduler starts runs: a query on each replica must not flood the queue
      if (this.lastRunAt === null && !this.queue) void this.runNow();
      return Promise.resolve(null);
    }
    return Promise.resolve(
      horizon === undefined ? view : { ...view, points: view.points.slice(0, Math.max(0, horizon)) },
    );
  }

  forecasts(kpiIds: readonly string[]): Promise<Map<string, KpiForecastView | null>> {
    return Promise.resolve(new Map(kpiIds.map((id) => [id, this.cache.views.get(id) ?? null])));
  }

  laterPeriods(kpiIds: readonly string[], count: number): Promise<Map<string, LaterPeriodEndView[]>> {
    return this.ahead.later(
      kpiIds.flatMap((id) => this.cache.views.get(id) ?? []),
      count,
    );
  }

  linkEstimates(): Promise<LinkEstimateView[]> {
    return Promise.resolve(this.cache.links);
  }

  /** Starts a run and returns at once: the mutation answers before the (slow) fit finishes. */
  refresh(kpiIds?: readonly string[]): Promise<void> {
    void this.runNow(kpiIds);
    return Promise.resolve();
  }

  /** Runs a job now (or once more after the running one); resolves when the results are cached and stored. */
  runNow(kpiIds?: readonly string[]): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.queue) return this.enqueue(kpiIds);
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.execute(kpiIds).finally(() => {
      this.running = null;
      if (this.rerun && !this.stopped) {
        this.rerun = false;
        void this.runNow();
      }
    });
    return this.running;
  }

  /** Scaled out: the run becomes one queued job per KPI (plus the links on a full run). */
  private async enqueue(kpiIds?: readonly string[]): Promise<void> {
    const now = this.now();
    this.history.beginRun(now);
    const ids = kpiIds ?? this.activeModel.current().model.kpis.map((k) => k.id);
    try {
      const queued = await this.queue!.enqueueRun(ids, !kpiIds, String(now));
      this.lastRunAt = now;
      this.periods.remember(now);
      this.logger.log({ queued }, 'forecast jobs queued');
    } catch (error) {
      this.logger.error({ err: error }, 'forecast jobs not queued');
    }
  }

  /**
   * `rethrow` for queued jobs: a failed batch goes back to the queue instead of being acknowledged. `runAt`: the
   * time of the run a queued batch belongs to, which its forecasts are as of (so a run's batches share one update
   * of the daily values, see updateDailyKpiSeries).
   */
  private async execute(kpiIds?: readonly string[], links = false, rethrow = false, runAt?: number): Promise<void> {
    const { model } = this.activeModel.current();
    const now = runAt ?? this.now();
    const historyLoading = this.history.beginRun(this.now());
    const cycle = this.progress.started(Date.now());
    let samplesFed: number | undefined;
    try {
      const overrides = await this.overrides();
      const output = await this.runner.run(model, {
        kind: 'cycle',
        now,
        receivedBy: runAt,
        kpiIds,
        links,
        overrides,
        historyLoading,
      });
      samplesFed = output.samplesFed;
      this.lastRunAt = now;
      this.periods.remember(now);
      await this.stored.save(output);
      this.progress.finished(cycle, 'ok', Date.now(), samplesFed);
      this.logger.log(
        {
          forecasts: output.forecasts.length,
          skipped: output.skipped.length,
          links: output.links.length,
          ms: output.durationMs,
          errorsReused: output.reused.errors,
          choicesReused: output.reused.choices,
          projectionsReused: output.reused.projections,
          modelsReused: output.reused.models,
        },
        'forecasts updated',
      );
    } catch (error) {
      this.progress.finished(cycle, 'failed', Date.now(), samplesFed, error);
      this.logger.error({ err: error }, 'forecast run failed');
      if (rethrow) throw error;
    }
  }

  private async overrides(): Promise<TargetOverrides> {
    return toTargetOverrides(await this.targets.list());
  }

  /**
   * A closed period changes the question ("this quarter" is a new quarter): re-forecast at once. So does history
   * for past days once it has stopped arriving, when the latest run read it still loading (its forecasts are
   * provisional) or it arrived after that run began: that run filled the missing days with zeros (nothing
   * happened), which pulls a to-date sum and its path below the value to date. Runs on a timer; public for tests.
   */
  checkPeriods(): void {
    if (this.lastRunAt === null) return;
    const now = this.now();
    if (this.history.rerunDue(now) || this.periods.changedSince(now)) void this.runNow();
  }

  private now(): number {
    return this.options.clock?.() ?? Date.now();
  }
}
