import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import { ForecastRepository, TargetOverrideRepository, type PersistenceConfig } from '@bsc/persistence';
import type { TargetOverride, TargetOverrides } from '@bsc/scorecard';
import type { ForecastProvider, KpiForecastView, LinkEstimateView } from '../forecast-provider.port';
import type { ForecastJobOutput } from '../job/forecast-job';
import type { ForecastSchedule } from './forecast-schedule';
import { runForecasts } from './forecast-runner';

export const FORECAST_OPTIONS = Symbol('FORECAST_OPTIONS');

export interface ForecastOptions {
  database: PersistenceConfig;
  schedule: ForecastSchedule;
  /** Tests and scripts drive runs themselves. */
  autoStart: boolean;
}

/**
 * Forecasts for every KPI, computed off the main thread: after start, on a regular interval, when a KPI's period
 * closes, and on demand. Queries read the in-memory cache (warmed from the database at start), never wait for a run.
 */
@Injectable()
export class ForecastService implements ForecastProvider, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ForecastService.name);
  private readonly cache = new Map<string, KpiForecastView>();
  private links: LinkEstimateView[] = [];
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private rerun = false;
  private periodKeys = new Map<string, string>();
  private lastRunAt: number | null = null;
  private stopped = false;

  constructor(
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    private readonly results: ForecastRepository,
    private readonly targets: TargetOverrideRepository,
    @Inject(FORECAST_OPTIONS) private readonly options: ForecastOptions,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.warmCache();
    if (!this.options.autoStart) return;
    const { initialDelayMs, intervalMs, periodCheckMs } = this.options.schedule;
    this.timers = [
      setTimeout(() => void this.runNow(), initialDelayMs),
      setInterval(() => void this.runNow(), intervalMs),
      setInterval(() => this.checkPeriods(), periodCheckMs),
    ];
    for (const timer of this.timers) timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    await this.running;
  }

  forecast(kpiId: string, horizon?: number): Promise<KpiForecastView | null> {
    const view = this.cache.get(kpiId);
    if (!view) {
      if (this.lastRunAt === null) void this.runNow();
      return Promise.resolve(null);
    }
    return Promise.resolve(
      horizon === undefined ? view : { ...view, points: view.points.slice(0, Math.max(0, horizon)) },
    );
  }

  forecasts(kpiIds: readonly string[]): Promise<Map<string, KpiForecastView | null>> {
    return Promise.resolve(new Map(kpiIds.map((id) => [id, this.cache.get(id) ?? null])));
  }

  linkEstimates(): Promise<LinkEstimateView[]> {
    return Promise.resolve(this.links);
  }

  /** Starts a run and returns at once: the mutation answers before the (slow) fit finishes. */
  refresh(kpiIds?: readonly string[]): Promise<void> {
    void this.runNow(kpiIds);
    return Promise.resolve();
  }

  /** Runs a job now (or once more after the running one); resolves when the results are cached and stored. */
  runNow(kpiIds?: readonly string[]): Promise<void> {
    if (this.stopped) return Promise.resolve();
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

  private async execute(kpiIds?: readonly string[]): Promise<void> {
    const { model } = this.activeModel.current();
    const now = Date.now();
    try {
      const output = await runForecasts({
        database: this.options.database,
        model,
        now,
        kpiIds,
        overrides: await this.overrides(),
      });
      this.lastRunAt = now;
      this.rememberPeriods(now);
      await this.store(output);
      this.logger.log(
        {
          forecasts: output.forecasts.length,
          skipped: output.skipped.length,
          links: output.links.length,
          ms: output.durationMs,
        },
        'forecasts updated',
      );
    } catch (error) {
      this.logger.error({ err: error }, 'forecast run failed');
    }
  }

  private async store(output: ForecastJobOutput): Promise<void> {
    for (const view of output.forecasts) this.cache.set(view.kpiId, view);
    if (output.links.length > 0) this.links = output.links;
    const projected = output.forecasts.flatMap((v) =>
      v.periodEnd
        ? [
            {
              kpiId: v.kpiId,
              periodKey: v.periodEnd.periodKey,
              expected: v.periodEnd.expected,
              probability: v.periodEnd.probabilityOfMeetingTarget,
            },
          ]
        : [],
    );
    this.bus.publish('forecast.updated', { forecasts: projected, at: Date.now() });
    await this.results.saveForecasts(
      output.forecasts.map((v) => ({
        kpiId: v.kpiId,
        computedAt: v.computedAt,
        method: v.method,
        horizon: v.points.length,
        periodKey: v.periodEnd?.periodKey ?? null,
        probability: v.periodEnd?.probabilityOfMeetingTarget ?? null,
        payload: v,
      })),
    );
    if (output.links.length > 0) {
      await this.results.saveLinkEstimates(
        output.links.map((l) => ({ fromObjective: l.from, toObjective: l.to, computedAt: l.computedAt, payload: l })),
      );
    }
    await this.results.purgeComputedBefore(Date.now() - this.options.schedule.retentionMs);
  }

  private async warmCache(): Promise<void> {
    const ids = this.activeModel.current().model.kpis.map((k) => k.id);
    for (const record of await this.results.latest<KpiForecastView>(ids)) this.cache.set(record.kpiId, record.payload);
    this.links = (await this.results.latestLinkEstimates<LinkEstimateView>()).map((r) => r.payload);
  }

  private async overrides(): Promise<TargetOverrides> {
    const map = new Map<string, Map<string, TargetOverride>>();
    for (const o of await this.targets.list()) {
      const perKpi = map.get(o.kpiId) ?? new Map<string, TargetOverride>();
      perKpi.set(o.periodKey, { value: o.value, lower: o.lower ?? undefined, upper: o.upper ?? undefined });
      map.set(o.kpiId, perKpi);
    }
    return map;
  }

  /** A closed period changes the question ("this quarter" is a new quarter): re-forecast at once. */
  private checkPeriods(): void {
    if (this.lastRunAt === null) return;
    const { model } = this.activeModel.current();
    const calendar = new FiscalCalendar(model.calendar);
    const now = Date.now();
    if (model.kpis.some((k) => this.periodKeys.get(k.id) !== calendar.periodOf(now, k.period).key)) void this.runNow();
  }

  private rememberPeriods(now: number): void {
    const { model } = this.activeModel.current();
    const calendar = new FiscalCalendar(model.calendar);
    this.periodKeys = new Map(model.kpis.map((k) => [k.id, calendar.periodOf(now, k.period).key]));
  }
}
