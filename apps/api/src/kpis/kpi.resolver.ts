import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { ReportingPeriod } from '@bsc/twin';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole } from '../auth/roles.decorator';
import type { ApiContext } from '../graphql/api-context';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { HistoryIntervalEnum } from '../graphql/graphql-enums';
import { PageArgs } from '../graphql/pagination/page.args';
import { KpiFilterInput } from './dto/kpi-filter.input';
import { KpiConnection, KpiForecastType, KpiHistoryPointType, KpiRevisionType, KpiType } from './dto/kpi.types';
import { KpiService } from './kpi.service';

@Resolver(() => KpiType)
@ValidateInput()
export class KpiResolver {
  constructor(private readonly service: KpiService) {}

  @Query(() => KpiType, { nullable: true })
  @AnyRole()
  kpi(
    @Context() ctx: ApiContext,
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<KpiType | null> {
    return this.service.kpi(ctx, principal, id);
  }

  @Query(() => KpiConnection)
  @AnyRole()
  kpis(
    @Context() ctx: ApiContext,
    @CurrentPrincipal() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { type: () => KpiFilterInput, nullable: true }) filter?: KpiFilterInput,
  ): Promise<KpiConnection> {
    return this.service.list(ctx, principal, filter, page);
  }

  @ResolveField(() => [KpiHistoryPointType], {
    description:
      'Stored period values in [from, to), regrouped by interval as the KPI aggregates: sums and counts add up, ' +
      'averages weigh each period by the time it covered (a running period until now or knownAt), min/max keep ' +
      'the extreme, last takes the newest period (added up when its formula is one period total); a last ratio or ' +
      'snapshot is its formula evaluated over the whole interval from the stored samples where they give back its ' +
      'stored period values, else its newest period. A period ' +
      'straddling two intervals (a week across a month end) is shared by its days in each for totals and averages, ' +
      'and goes whole to the interval holding most of its days for min, max and a level. An interval finer ' +
      "than the KPI's period is refused with BAD_USER_INPUT on interval: a period's value cannot be split.",
  })
  history(
    @Context() ctx: ApiContext,
    @Parent() kpi: KpiType,
    @Args('from', { nullable: true }) from?: Date,
    @Args('to', { nullable: true }) to?: Date,
    @Args('interval', { type: () => HistoryIntervalEnum, defaultValue: 'period' })
    interval?: ReportingPeriod | 'period',
    @Args('knownAt', { nullable: true }) knownAt?: Date,
  ): Promise<KpiHistoryPointType[]> {
    return this.service.history(ctx, kpi.id, { from, to, knownAt, interval: interval ?? 'period' });
  }

  @ResolveField(() => KpiForecastType, {
    nullable: true,
    description: 'Null until the forecasting runtime has enough history.',
  })
  forecast(
    @Context() ctx: ApiContext,
    @Parent() kpi: KpiType,
    @Args('horizon', { type: () => Int, nullable: true }) horizon?: number,
  ): Promise<KpiForecastType | null> {
    return this.service.forecast(ctx, kpi.id, horizon);
  }

  @ResolveField(() => [KpiRevisionType], {
    description: 'Audit trail of one period: every computation, entry and correction.',
  })
  revisions(
    @Context() ctx: ApiContext,
    @Parent() kpi: KpiType,
    @Args('periodKey', { nullable: true }) periodKey?: string,
  ): Promise<KpiRevisionType[]> {
    return this.service.revisions(ctx, kpi.id, periodKey ?? kpi.periodKey);
  }
}
