import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { BscError, BscErrorCode } from '@bsc/common';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { canSeeUnit } from '../auth/unit-scope';
import { TwinIndexService } from '../twin/twin-index.service';
import { FORECAST_PROVIDER, type ForecastProvider } from './forecast-provider.port';

@Resolver()
export class ForecastRefreshResolver {
  constructor(
    @Inject(FORECAST_PROVIDER) private readonly forecasts: ForecastProvider,
    private readonly twin: TwinIndexService,
  ) {}

  /** On-demand re-forecast (the runtime also re-forecasts on a schedule and when a period closes). */
  @Mutation(() => Boolean, {
    description: 'Re-forecast these KPIs (every KPI you can see when omitted) in the background; true once queued.',
  })
  @Roles('engineer', 'strategist')
  async refreshForecasts(
    @CurrentPrincipal() principal: Principal,
    @Args('kpiIds', { type: () => [ID], nullable: true }) kpiIds?: string[] | null,
  ): Promise<boolean> {
    const index = this.twin.current();
    const visible = (id: string): boolean => {
      const kpi = index.kpis.get(id);
      return kpi !== undefined && canSeeUnit(principal, index, kpi.orgUnit);
    };
    // Invisible KPIs answer like missing ones, so a scoped caller learns nothing about other units.
    const unknown = (kpiIds ?? []).find((id) => !visible(id));
    if (unknown !== undefined) throw new BscError(BscErrorCode.NotFound, `kpiIds: no KPI '${unknown}'`, 'kpiIds');
    const wanted = kpiIds?.length
      ? kpiIds
      : principal.units === null
        ? undefined
        : [...index.kpis.keys()].filter(visible);
    await this.forecasts.refresh(wanted);
    return true;
  }
}
