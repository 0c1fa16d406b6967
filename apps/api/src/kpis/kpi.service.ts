import { Inject, Injectable, Optional } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import { cascadedKpiValues, cascadeInputs, periodKeysAt, scoreKpi } from '@bsc/scorecard';
import { FiscalCalendar } from '@bsc/kpi';
import { REPORTING_PERIODS, type KpiDef, type ReportingPeriod } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import { assertUnitVisible, visibleUnits } from '../auth/unit-scope';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import DataLoader from 'dataloader';
import { FORECAST_PROVIDER, type ForecastProvider, type KpiForecastView } from '../forecasts/forecast-provider.port';
import { perRequest, type ApiContext } from '../graphql/api-context';
import type { ConnectionShape } from '../graphql/pagination/connection.types';
import { paginate } from '../graphql/pagination/paginate';
import { TwinIndexService } from '../twin/twin-index.service';
import type { TwinIndex } from '../twin/twin-index';
import type { KpiFilterInput } from './dto/kpi-filter.input';
import type { KpiForecastType, KpiHistoryPointType, KpiRevisionType, KpiType } from './dto/kpi.types';
import { toKpiForecastType, toKpiRevisionType, toKpiType } from './dto/to-kpi.type.mapper';
import { bucketHistory } from './history-buckets';
import { evaluatedOverInterval, historyOverInterval } from './history-over-interval';
import { PastKpiValues } from '../scorecard/past-kpi-values.service';
import { KpiValuesLoader } from './kpi-values.loader';

/** History window when `from` is not given: a bit more than a year, enough for year-over-year views. */
const DEFAULT_HISTORY_MS = 400 * 86_400_000;

@Injectable()
export class KpiService {
  constructor(
    private readonly twin: TwinIndexService,
    private readonly loader: KpiValuesLoader,
    private readonly past: PastKpiValues,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Optional() @Inject(FORECAST_PROVIDER) private readonly forecasts: ForecastProvider | null,
  ) {}

  async kpi(ctx: ApiContext, principal: Principal, id: string): Promise<KpiType | null> {
    const index = this.twin.current();
    const def = index.kpis.get(id);
    if (!def || !this.visible(principal, index).has(def.orgUnit)) return null;
    return (await this.views(ctx, index, [def]))[0];
  }

  async list(
    ctx: ApiContext,
    principal: Principal,
    filter: KpiFilterInput = {},
    page: { first?: number; after?: string },
  ): Promise<ConnectionShape<KpiType>> {
    const index = this.twin.current();
    if (filter.unit) assertUnitVisible(principal, index, filter.unit, 'filter.unit');
    const units = filter.unit ? index.unitSubtree(filter.unit) : this.visible(principal, index);
    const search = filter.search?.toLowerCase();
    const defs = index.model.kpis.filter(
      (k) =>
        units.has(k.orgUnit) &&
        (!filter.perspective || index.perspectiveOfKpi(k) === filter.perspective) &&
        (!filter.objective || index.objectivesOfKpi(k.id).some((o) => o.id === filter.objective)) &&
        (!search || k.id.toLowerCase().includes(search) || k.name.toLowerCase().includes(search)),
    );
    // a status filter needs the values first; otherwise only the page is valued (one batched read either way)
    if (filter.status) {
      const views = (await this.views(ctx, index, defs)).filter((v) => v.status === filter.status);
      return paginate(views, (v) => v.id, page, this.config.GRAPHQL_MAX_PAGE_SIZE);
    }
    const paged = paginate(defs, (d) => d.id, page, this.config.GRAPHQL_MAX_PAGE_SIZE);
    const views = await this.views(ctx, index, paged.nodes);
    return { ...paged, nodes: views, edges: paged.edges.map((e, i) => ({ cursor: e.cursor, node: views[i] })) };
  }

  /**
   * Batched over the KPIs of the request (DataLoader); "now" is read once per request so they share one window.
   * Regrouped by `interval` as the KPI aggregates (see bucketHistory), a running period weighing what it covered,
   * or for a ratio or snapshot evaluated over the interval (see historyOverInterval); an interval finer than the
   * KPI's period is refused.
   */
  async history(
    ctx: ApiContext,
    kpiId: string,
    range: { from?: Date; to?: Date; knownAt?: Date; interval: ReportingPeriod | 'period' },
  ): Promise<KpiHistoryPointType[]> {
    const now = perRequest(ctx, 'now', () => Date.now());
    const end = range.to?.getTime() ?? now;
    const start = range.from?.getTime() ?? end - DEFAULT_HISTORY_MS;
    if (start >= end) throw new BscError(BscErrorCode.BadInput, 'from: must be before to', 'from');
    const index = this.twin.current();
    const def = index.kpis.get(kpiId);
    if (!def) return [];
    // a period's value cannot be split: in a finer bucket it would stand for the whole of it on its first day
    if (
      range.interval !== 'period' &&
      REPORTING_PERIODS.indexOf(range.interval) < REPORTING_PERIODS.indexOf(def.period)
    ) {
      const message = `interval: ${range.interval} is finer than the KPI's period (${def.period}); use period or a coarser interval`;
      throw new BscError(BscErrorCode.BadInput, message, 'interval');
    }
    const knownAt = range.knownAt?.getTime();
    const values = await this.loader.history(ctx, kpiId, start, end, knownAt);
    const points = bucketHistory(values, range.interval, index.model.calendar, def, knownAt ?? now);
    if (range.interval === 'period' || !evaluatedOverInterval(index.model, def)) return points;
    return historyOverInterval(this.past, index.model, def, range.interval, values, points, knownAt ?? now);
  }

  /** Batched over the KPIs of the request (DataLoader). */
  async revisions(ctx: ApiContext, kpiId: string, periodKey: string): Promise<KpiRevisionType[]> {
    return (await this.loader.revisions(ctx, kpiId, periodKey)).map(toKpiRevisionType);
  }

  /** Batched over every KPI of the request (DataLoader), null without a forecasting runtime or enough history. */
  async forecast(ctx: ApiContext, kpiId: string, horizon: number | undefined): Promise<KpiForecastType | null> {
    const provider = this.forecasts;
    if (!provider) return null;
    const loader = perRequest(
      ctx,
      'forecasts',
      () =>
        new DataLoader<string, KpiForecastView | null>(async (ids) => {
          const found = await provider.forecasts(ids);
          return ids.map((id) => found.get(id) ?? null);
        }),
    );
    const view = await loader.load(kpiId);
    return view ? toKpiForecastType(view, horizon) : null;
  }

  private visible(principal: Principal, index: TwinIndex): ReadonlySet<string> {
    return visibleUnits(principal, index) ?? new Set(index.units.keys());
  }

  /** Scored as the scorecard scores them: a cascaded family KPI takes its value from its descendants' KPIs. */
  private async views(ctx: ApiContext, index: TwinIndex, defs: readonly KpiDef[]): Promise<KpiType[]> {
    const now = Date.now();
    const keyOf = periodKeysAt(index.model, now);
    const calendar = new FiscalCalendar(index.model.calendar);
    const pairs = cascadeInputs(index.model, defs).map((d) => ({ kpiId: d.id, periodKey: keyOf(d) }));
    const [stored, overrides] = await Promise.all([this.loader.values(ctx, pairs), this.loader.targetOverrides(ctx)]);
    const values = cascadedKpiValues(index.model, defs, stored, { periodKeyFor: keyOf, targetsOverride: overrides });
    return defs.map((def) => {
      const value = values.get(def.id) ?? undefined;
      const periodKey = keyOf(def);
      const scoring = scoreKpi(def, value?.value ?? null, {
        periodKey,
        targetsOverride: overrides,
        now,
        lastUpdate: value?.asOf,
        stale: value?.quality.stale,
        calendar,
      });
      return toKpiType(def, index, periodKey, value, scoring);
    });
  }
}
