import { Inject, Injectable, Optional } from '@nestjs/common';
import { durationMs } from '@bsc/common';
import type { Principal } from '../auth/principal';
import { assertUnitVisible, canSeeUnit } from '../auth/unit-scope';
import { FORECAST_PROVIDER, type ForecastProvider, type LinkEstimateView } from '../forecasts/forecast-provider.port';
import { TwinIndexService } from '../twin/twin-index.service';
import type { StrategyMapType } from './dto/strategy-map.types';

/**
 * The strategy map of a unit's subtree: objectives and their links. A KPI-level link estimate (from the
 * forecasting runtime) is attached to the objective link whose objectives hold the two KPIs.
 */
@Injectable()
export class StrategyMapService {
  constructor(
    private readonly twin: TwinIndexService,
    @Optional() @Inject(FORECAST_PROVIDER) private readonly forecasts: ForecastProvider | null,
  ) {}

  async strategyMap(principal: Principal, unit: string | undefined): Promise<StrategyMapType> {
    const index = this.twin.current();
    if (unit) assertUnitVisible(principal, index, unit, 'unit');
    const units = unit ? index.unitSubtree(unit) : null;
    const objectives = index.model.objectives.filter(
      (o) => canSeeUnit(principal, index, o.unit) && (!units || units.has(o.unit)),
    );
    const ids = new Set(objectives.map((o) => o.id));
    const estimates = this.forecasts ? await this.forecasts.linkEstimates() : [];
    const links = index.model.links
      .filter((l) => ids.has(l.from) && ids.has(l.to))
      .map((l) => {
        const estimate = this.estimateFor(l.from, l.to, estimates, index.objectives);
        return {
          from: l.from,
          to: l.to,
          polarity: l.polarity,
          hypothesis: l.hypothesis ?? null,
          hypothesisedLag: l.lag,
          hypothesisedLagMs: durationMs(l.lag),
          measuredLagMs: estimate?.measuredLagMs ?? null,
          strength: estimate?.strength ?? null,
          pValue: estimate?.pValue ?? null,
          significant: estimate?.significant ?? false,
          points: estimate?.points ?? 0,
        };
      });
    return {
      objectives: objectives.map((o) => ({
        id: o.id,
        name: o.name,
        perspective: o.perspective,
        unit: o.unit,
        kpis: o.kpis.map((k) => k.kpi),
      })),
      links,
      timeZone: index.model.calendar.timezone,
    };
  }

  private estimateFor(
    from: string,
    to: string,
    estimates: readonly LinkEstimateView[],
    objectives: ReadonlyMap<string, { kpis: ReadonlyArray<{ kpi: string }> }>,
  ): LinkEstimateView | undefined {
    const direct = estimates.find((e) => e.from === from && e.to === to);
    if (direct) return direct;
    const fromKpis = new Set(objectives.get(from)?.kpis.map((k) => k.kpi) ?? []);
    const toKpis = new Set(objectives.get(to)?.kpis.map((k) => k.kpi) ?? []);
    // several KPI pairs may back one objective link: report the best supported one
    return estimates
      .filter((e) => fromKpis.has(e.from) && toKpis.has(e.to))
      .sort((a, b) => Math.abs(b.strength ?? 0) - Math.abs(a.strength ?? 0))[0];
  }
}
