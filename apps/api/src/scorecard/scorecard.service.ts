import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel, type ActiveModelSnapshot } from '@bsc/app-kit';
import { BscError, BscErrorCode } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { FiscalCalendar } from '@bsc/kpi';
import {
  compareWithPreviousPeriod,
  periodKeysAt,
  previousPeriodKeysAt,
  type ExtraScorecardOptions,
  type KpiValueRevision,
  type PredictedValue,
} from '@bsc/scorecard';
import type { Principal } from '../auth/principal';
import { assertUnitVisible } from '../auth/unit-scope';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import { FORECAST_PROVIDER, type ForecastProvider } from '../forecasts/forecast-provider.port';
import type { ApiContext } from '../graphql/api-context';
import { KpiValuesLoader } from '../kpis/kpi-values.loader';
import { MODEL_CATALOG, type ModelCatalog } from '../stores/model-catalog.store';
import { KPI_VALUE_STORE, type KpiValueStore } from '../stores/kpi-value.store';
import { INITIATIVE_STATE_STORE, type InitiativeStateStore } from '../stores/initiative-state.store';
import { TwinIndexService } from '../twin/twin-index.service';
import type { ScorecardType } from './dto/scorecard.types';
import { ScorecardTypeMemo, toScorecardType } from './dto/to-scorecard.type.mapper';
import { LiveScorecards } from './live-scorecards.service';
import { ScorecardCache } from './scorecard-cache';
import { PastKpiValues } from './past-kpi-values.service';

export interface ScorecardQuery {
  unit?: string;
  asOf?: Date;
  /** A period key ("2026-11", "FY2026-Q3"): shows the period's end (or now while it is open). */
  period?: string;
  knownAt?: Date;
}

/** Live scorecards are bucketed to this resolution in the cache key; each kpi.updated invalidates them anyway. */
const LIVE_BUCKET_MS = 5_000;

@Injectable()
export class ScorecardService implements OnModuleDestroy {
  /** Promises, so that concurrent requests for the same scorecard share one assembly (no thundering herd). */
  private readonly cache: ScorecardCache<Promise<ScorecardType>>;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly liveRollup: boolean;
  /** The live scorecard's mapped nodes, reused until their node changes. */
  private readonly mapped = new ScorecardTypeMemo();

  constructor(
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    @Inject(KPI_VALUE_STORE) private readonly store: KpiValueStore,
    @Inject(INITIATIVE_STATE_STORE) private readonly initiatives: InitiativeStateStore,
    @Inject(API_CONFIG) config: ApiConfig,
    @Inject(EVENT_BUS) bus: EventBus,
    private readonly twin: TwinIndexService,
    private readonly loader: KpiValuesLoader,
    private readonly pastValues: PastKpiValues,
    private readonly live: LiveScorecards,
    @Optional() @Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog | null,
    @Optional() @Inject(FORECAST_PROVIDER) private readonly forecasts: ForecastProvider | null,
  ) {
    this.cache = new ScorecardCache(config.SCORECARD_CACHE_TTL_S * 1000);
    this.liveRollup = config.SCORECARD_LIVE_ROLLUP;
    this.unsubscribe.push(bus.subscribe('kpi.updated', () => this.cache.invalidateLive()));
    this.unsubscribe.push(bus.subscribe('kpis.updated', () => this.cache.invalidateLive()));
    this.unsubscribe.push(bus.subscribe('scorecard.changed', () => this.cache.invalidateLive()));
    this.unsubscribe.push(bus.subscribe('model.imported', () => this.cache.clear()));
    this.unsubscribe.push(bus.subscribe('events.resync', () => this.cache.clear()));
    this.unsubscribe.push(activeModel.onChange(() => this.cache.clear()));
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe) off();
  }

  /** Any write that changes what a scorecard shows (targets, initiatives, manual values) calls this. */
  invalidate(): void {
    this.cache.invalidateLive();
    this.live.invalidate();
  }

  async scorecard(ctx: ApiContext, principal: Principal, query: ScorecardQuery): Promise<ScorecardType> {
    const now = Date.now();
    const current = this.activeModel.current();
    const unitId = query.unit ?? this.defaultUnit(principal);
    const asOf = this.instant(current, query, now);
    const knownAt = query.knownAt?.getTime();
    if (knownAt !== undefined && knownAt < asOf)
      throw new BscError(
        BscErrorCode.BadInput,
        'knownAt: cannot be before asOf (nothing about asOf was known yet)',
        'knownAt',
      );
    const snapshot = asOf >= current.importedAt ? current : await this.modelAt(asOf);
    assertUnitVisible(principal, this.twin.of(snapshot), unitId, 'unit');
    if (!this.twin.of(snapshot).units.has(unitId))
      throw new BscError(
        BscErrorCode.NotFound,
        `unit: no org unit '${unitId}' in model version ${snapshot.version}`,
        'unit',
      );

    // an instant in the past is recomputed as it stood then; asOf/period clamped to now is the live scorecard
    const past = asOf < now;
    if (!past && knownAt === undefined && this.liveRollup) {
      const { current: card, delta } = await this.live.comparison(unitId, now);
      return toScorecardType(card, delta, null, this.mapped);
    }
    // "known now" moves with every late sample: such answers are cached like live ones (dropped on kpi.updated)
    const knownNow = past ? knownAt !== undefined && knownAt >= now : knownAt === undefined || knownAt >= now;
    const asOfKey = past ? String(asOf) : `live:${Math.floor(asOf / LIVE_BUCKET_MS)}`;
    const knownKey = knownNow ? 'now' : String(knownAt ?? asOf);
    const cacheKey = `${unitId}|${query.period ?? ''}|${asOfKey}|${knownKey}|${snapshot.version}`;
    const cached = this.cache.get(cacheKey, now);
    if (cached) return cached;
    const assembled = past
      ? this.assemblePast(ctx, unitId, snapshot, asOf, Math.min(knownAt ?? asOf, now))
      : this.assemble(ctx, unitId, snapshot, asOf, knownAt);
    this.cache.set(cacheKey, assembled, knownNow, now);
    // a failed assembly must not be served from the cache
    assembled.catch(() => this.cache.delete(cacheKey));
    return assembled;
  }

  private async assemble(
    ctx: ApiContext,
    unitId: string,
    snapshot: ActiveModelSnapshot,
    asOf: number,
    knownAt: number | undefined,
  ): Promise<ScorecardType> {
    const model = snapshot.model;
    const currentKey = periodKeysAt(model, asOf);
    const previousKey = previousPeriodKeysAt(model, asOf);
    const periodKeys = [...new Set(model.kpis.flatMap((k) => [currentKey(k), previousKey(k)]))];
    const [revisions, targetsOverride, initiativeState, predicted] = await Promise.all([
      this.store.asOf(
        model.kpis.map((k) => k.id),
        periodKeys,
        knownAt,
      ),
      this.loader.targetOverrides(ctx),
      this.initiativeState(),
      this.predictions(model.kpis.map((k) => k.id)),
    ]);
    return this.build(unitId, snapshot, asOf, knownAt ?? null, revisions, {
      targetsOverride,
      initiativeState,
      predicted,
    });
  }

  /**
   * A past instant as it stood then: its periods up to `asOf` recomputed from what was known at `knownAt`, the
   * targets set by then, the initiatives' states at `asOf`. Forecasts are left out: the stored ones are today's, not the ones made then.
   */
  private async assemblePast(
    ctx: ApiContext,
    unitId: string,
    snapshot: ActiveModelSnapshot,
    asOf: number,
    knownAt: number,
  ): Promise<ScorecardType> {
    const [revisions, targetsOverride, initiativeState] = await Promise.all([
      this.pastValues.at(snapshot.model, asOf, knownAt),
      this.loader.targetOverrides(ctx, knownAt),
      this.initiativeState(asOf),
    ]);
    return this.build(unitId, snapshot, asOf, knownAt, revisions, { targetsOverride, initiativeState });
  }

  private build(
    unitId: string,
    snapshot: ActiveModelSnapshot,
    asOf: number,
    knownAt: number | null,
    revisions: KpiValueRevision[],
    extra: ExtraScorecardOptions,
  ): ScorecardType {
    const { current: card, delta } = compareWithPreviousPeriod(
      unitId,
      // the version was chosen above (the first one also stands for instants before the first import)
      {
        at: asOf,
        mode: 'as_corrected',
        revisions,
        versions: [{ ...snapshot, importedAt: Math.min(snapshot.importedAt, asOf) }],
      },
      extra,
    );
    return toScorecardType(card, delta, knownAt);
  }

  private instant(current: ActiveModelSnapshot, query: ScorecardQuery, now: number): number {
    if (query.asOf && query.period)
      throw new BscError(BscErrorCode.BadInput, 'period: give either asOf or period, not both', 'period');
    if (query.period) {
      const calendar = new FiscalCalendar(current.model.calendar);
      const period = calendar.tryParsePeriodKey(query.period);
      if (!period)
        throw new BscError(
          BscErrorCode.BadInput,
          `period: '${query.period}' is not a period key like 2026-11, 2026-W47 or FY2026-Q3`,
          'period',
        );
      return Math.min(period.end - 1, now);
    }
    const asOf = query.asOf?.getTime() ?? now;
    if (!Number.isFinite(asOf)) throw new BscError(BscErrorCode.BadInput, 'asOf: not a valid instant', 'asOf');
    return Math.min(asOf, now);
  }

  private async modelAt(asOf: number): Promise<ActiveModelSnapshot> {
    if (!this.catalog) return this.activeModel.current();
    const found = await this.catalog.inForceAt(asOf);
    if (!found)
      throw new BscError(
        BscErrorCode.NotFound,
        `asOf: no model version was in force at ${new Date(asOf).toISOString()}`,
        'asOf',
      );
    return found;
  }

  private defaultUnit(principal: Principal): string {
    const index = this.twin.current();
    if (principal.units && principal.units.length > 0) return principal.units[0];
    const root = index.rootUnits()[0];
    if (!root) throw new BscError(BscErrorCode.NotFound, 'unit: the model has no org units', 'unit');
    return root.id;
  }

  /** Now, or in force at a past `asOf` (an update is known when made, so later knowledge changes nothing). */
  private async initiativeState(asOf?: number) {
    const rows = await (asOf === undefined ? this.initiatives.list() : this.initiatives.inForceAt(asOf));
    return new Map(rows.map((r) => [r.initiativeId, { status: r.status, progress: r.progress }]));
  }

  private async predictions(kpiIds: string[]): Promise<ReadonlyMap<string, PredictedValue> | undefined> {
    if (!this.forecasts) return undefined;
    const found = await this.forecasts.forecasts(kpiIds);
    const map = new Map<string, PredictedValue>();
    for (const [id, f] of found)
      if (f?.periodEnd)
        map.set(id, { expected: f.periodEnd.expected, probability: f.periodEnd.probabilityOfMeetingTarget });
    return map;
  }
}
