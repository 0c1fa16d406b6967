import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import { sameKpiReading, type KpiValue } from '@bsc/common';
import { EVENT_BUS, type BscEventMap, type EventBus } from '@bsc/events';
import { LiveScorecard, type PeriodComparison, type PredictedValue } from '@bsc/scorecard';
import { FORECAST_PROVIDER, type ForecastProvider } from '../forecasts/forecast-provider.port';
import { toTargetOverrides } from '../kpis/target-overrides';
import { INITIATIVE_STATE_STORE, type InitiativeStateStore } from '../stores/initiative-state.store';
import { KPI_VALUE_STORE, type KpiValueRevision, type KpiValueStore } from '../stores/kpi-value.store';
import { TARGET_OVERRIDE_STORE, type TargetOverrideStore } from '../stores/target-override.store';

/** The live scorecard moves with the clock in steps of this (phased targets, staleness by age). */
export const LIVE_STEP_MS = 5_000;
/**
 * The ingestion announces KPI values before its write buffer stores them (within about a second): a value the
 * store does not hold yet is read again this often, for at most SETTLE_LIMIT_MS (a lost write is not waited for).
 */
const SETTLE_RETRY_MS = 250;
const SETTLE_LIMIT_MS = 10_000;
/** Changed KPIs scored per turn of the event loop (a few milliseconds of work each; see update). */
const UPDATE_SLICE = 256;

/**
 * The live scorecard of the active model as an in-memory read model (see LiveScorecard): a `kpis.updated` reads
 * the newest revisions of just the KPIs it names, in one query, and re-scores their paths, as a `forecast.updated`
 * does with the projections it carries; what changes everything (targets, initiatives, model switches, a bus
 * resync, a period roll-over) reads it all again. One refresh runs at a time and concurrent requests share it (see
 * `comparison` for what a request waits for).
 */
@Injectable()
export class LiveScorecards implements OnModuleDestroy {
  private readonly logger = new Logger(LiveScorecards.name);
  private live: LiveScorecard | null = null;
  private reloadAll = true;
  private loading = false;
  private readonly dirty = new Set<string>();
  /** Announced values not seen in the store yet, by KPI: the reading expected and when it was first looked for. */
  private readonly unsettled = new Map<string, { value: KpiValue; since: number }>();
  private readonly announced = new Map<string, KpiValue>();
  /**
   * The newest `forecast.updated` projections (null: the KPI's new forecast has no period end): replicas reload
   * their forecast cache after the event.
   */
  private readonly projected = new Map<string, PredictedValue | null>();
  /** Projections announced since the last refresh, for the read model to take without a reload. */
  private readonly predictedDirty = new Map<string, PredictedValue | null>();
  /** Changes announced so far, the last one a request must wait for, and how many the read model holds. */
  private announcedChanges = 0;
  private awaitedChange = 0;
  private appliedChanges = 0;
  private flight: Promise<void> | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    @Inject(KPI_VALUE_STORE) private readonly store: KpiValueStore,
    @Inject(INITIATIVE_STATE_STORE) private readonly initiatives: InitiativeStateStore,
    @Inject(TARGET_OVERRIDE_STORE) private readonly targets: TargetOverrideStore,
    @Inject(EVENT_BUS) bus: EventBus,
    @Optional() @Inject(FORECAST_PROVIDER) private readonly forecasts: ForecastProvider | null,
  ) {
    this.unsubscribe.push(bus.subscribe('kpis.updated', ({ values }) => this.changed(values, false)));
    // a manual entry is stored before it is announced: the next request shows it
    this.unsubscribe.push(bus.subscribe('kpi.updated', ({ value }) => this.changed([value], true)));
    this.unsubscribe.push(bus.subscribe('forecast.updated', (event) => this.forecastsChanged(event)));
    for (const name of ['scorecard.changed', 'model.imported', 'events.resync'] as const)
      this.unsubscribe.push(bus.subscribe(name, () => this.invalidate()));
    this.unsubscribe.push(
      activeModel.onChange(() => {
        this.projected.clear();
        this.predictedDirty.clear();
        this.invalidate();
      }),
    );
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.settleTimer) clearTimeout(this.settleTimer);
  }

  /** Something every score may depend on changed (targets, initiatives, forecasts, the model). */
  invalidate(): void {
    this.reloadAll = true;
    this.awaitedChange = ++this.announcedChanges;
  }

  /**
   * The unit's live scorecard against the previous period at `now` (to LIVE_STEP_MS). A request waits for changes
   * that every later answer must show (a reload, a manual entry); the ingestion's `kpis.updated` values reach the
   * store up to a second after they are announced anyway, so for those it starts a refresh and answers from the
   * read model as it stands: its latency never includes a database read, and the next answer shows them.
   */
  async comparison(unitId: string, now = Date.now()): Promise<PeriodComparison> {
    const outdated =
      this.live && (now >= this.live.rolloverAt || this.live.version.version !== this.activeModel.current().version);
    // one reload for all the requests that notice it
    if (outdated && !this.reloadAll && !this.loading) this.invalidate();
    const wanted = this.awaitedChange;
    while (!this.live || this.appliedChanges < wanted) await this.refreshOnce();
    if (this.appliedChanges < this.announcedChanges && !this.flight)
      this.refreshOnce().catch((error: unknown) => this.logger.warn(`live scorecard not refreshed: ${String(error)}`));
    const live = this.live;
    if (now - live.asOf >= LIVE_STEP_MS) live.advance(now);
    return live.comparison(unitId);
  }

  /** New projections change only the paths from their KPIs; an event that does not say which KPIs reloads all. */
  private forecastsChanged({ forecasts, kpiIds }: BscEventMap['forecast.updated']): void {
    const next = new Map<string, PredictedValue | null>((kpiIds ?? []).map((id) => [id, null]));
    for (const f of forecasts) next.set(f.kpiId, { expected: f.expected, probability: f.probability });
    for (const [kpiId, p] of next) this.projected.set(kpiId, p);
    if (kpiIds === undefined) return this.invalidate();
    for (const [kpiId, p] of next) this.predictedDirty.set(kpiId, p);
    // a request after the event shows the new projections
    this.awaitedChange = ++this.announcedChanges;
  }

  private changed(values: readonly KpiValue[], awaited: boolean): void {
    for (const value of values) {
      this.dirty.add(value.kpiId);
      this.announced.set(value.kpiId, value);
    }
    this.announcedChanges++;
    if (awaited) this.awaitedChange = this.announcedChanges;
  }

  /** The refresh in flight, or a new one: never two at once. */
  private refreshOnce(): Promise<void> {
    this.flight ??= this.refresh().finally(() => (this.flight = null));
    return this.flight;
  }

  /** One pass over everything announced before it started. */
  private async refresh(): Promise<void> {
    const covers = this.announcedChanges;
    const ids = [...this.dirty];
    const announced = new Map(this.announced);
    const predicted = new Map(this.predictedDirty);
    this.dirty.clear();
    this.announced.clear();
    this.predictedDirty.clear();
    try {
      if (predicted.size > 0 && this.live && !this.reloadAll && !this.live.predict(predicted)) this.reloadAll = true;
      if (this.reloadAll || !this.live) await this.load();
      else if (ids.length > 0 || this.unsettled.size > 0) await this.update(this.live, ids, announced);
      this.appliedChanges = covers;
    } catch (error) {
      // nothing taken is lost: the next request reads it all again
      this.reloadAll = true;
      throw error;
    }
  }

  private async load(): Promise<void> {
    this.reloadAll = false;
    this.loading = true;
    try {
      await this.loadAll();
    } finally {
      this.loading = false;
    }
  }

  private async loadAll(): Promise<void> {
    const snapshot = this.activeModel.current();
    const now = Date.now();
    const ids = snapshot.model.kpis.map((k) => k.id);
    const [revisions, targetRecords, initiativeRows, predicted] = await Promise.all([
      this.store.asOf(ids, LiveScorecard.periodKeysAt(snapshot.model, now)),
      this.targets.list(),
      this.initiatives.list(),
      this.predictions(ids),
    ]);
    this.live = new LiveScorecard({ ...snapshot, importedAt: Math.min(snapshot.importedAt, now) }, now, revisions, {
      targetsOverride: toTargetOverrides(targetRecords),
      initiativeState: new Map(initiativeRows.map((r) => [r.initiativeId, { status: r.status, progress: r.progress }])),
      predicted,
    });
    this.unsettled.clear();
  }

  private async update(live: LiveScorecard, ids: string[], announced: Map<string, KpiValue>): Promise<void> {
    const pending = [...new Set([...ids, ...this.unsettled.keys()])];
    const revisions = await this.store.asOf(pending, live.periodKeys());
    const byKpi = new Map<string, KpiValueRevision[]>();
    for (const r of revisions) {
      const list = byKpi.get(r.kpiId);
      if (list) list.push(r);
      else byKpi.set(r.kpiId, [r]);
    }
    // thousands of changed KPIs are scored a slice at a time, requests answered in between: a request's latency
    // then includes at most one slice, not the whole batch (its answer shows the slices applied so far)
    for (let i = 0; i < pending.length; i += UPDATE_SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const slice = pending.slice(i, i + UPDATE_SLICE);
      live.update(
        slice,
        slice.flatMap((id) => byKpi.get(id) ?? []),
      );
      live.prepare();
    }
    this.settle(live, revisions, announced);
  }

  /** Remembers announced values the store did not hold yet and reads those KPIs again shortly. */
  private settle(live: LiveScorecard, revisions: readonly KpiValueRevision[], announced: Map<string, KpiValue>): void {
    const now = Date.now();
    for (const [kpiId, entry] of this.unsettled) if (!announced.has(kpiId)) announced.set(kpiId, entry.value);
    const keys = new Set(live.periodKeys());
    const stored = new Map(revisions.map((r) => [`${r.kpiId}\u0000${r.periodKey}`, r]));
    for (const [kpiId, value] of announced) {
      const row = stored.get(`${kpiId}\u0000${value.periodKey}`);
      const since = this.unsettled.get(kpiId)?.since ?? now;
      // a newer correction may replace the announced reading: after the limit the store is taken as it is
      if (!keys.has(value.periodKey) || (row && sameKpiReading(row, value)) || now - since > SETTLE_LIMIT_MS)
        this.unsettled.delete(kpiId);
      else this.unsettled.set(kpiId, { value, since });
    }
    if (this.unsettled.size > 0 && !this.settleTimer) {
      this.settleTimer = setTimeout(() => {
        this.settleTimer = null;
        if (this.unsettled.size > 0) this.changed([], false);
      }, SETTLE_RETRY_MS);
      this.settleTimer.unref();
    }
  }

  private async predictions(kpiIds: string[]): Promise<ReadonlyMap<string, PredictedValue> | undefined> {
    if (!this.forecasts) return undefined;
    const map = new Map<string, PredictedValue>();
    for (const [id, f] of await this.forecasts.forecasts(kpiIds))
      if (f?.periodEnd)
        map.set(id, { expected: f.periodEnd.expected, probability: f.periodEnd.probabilityOfMeetingTarget });
    for (const [id, p] of this.projected) {
      if (p) map.set(id, p);
      else map.delete(id);
    }
    return map;
  }
}
