import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import type { ApiContext } from '../graphql/api-context';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { KpiType } from '../kpis/dto/kpi.types';
import { KpiAttributionArgs } from './dto/kpi-attribution.args';
import { KpiAttributionType } from './dto/kpi-attribution.types';
import { KpiAttributionService } from './kpi-attribution.service';

@Resolver(() => KpiType)
@ValidateInput()
export class KpiAttributionResolver {
  constructor(private readonly service: KpiAttributionService) {}

  @ResolveField(() => KpiAttributionType, {
    description: "Why the KPI's value changed from one of its periods to a later one.",
  })
  attribution(
    @Context() ctx: ApiContext,
    @CurrentPrincipal() principal: Principal,
    @Parent() kpi: KpiType,
    @Args() args: KpiAttributionArgs,
  ): Promise<KpiAttributionType> {
    return this.service.attribution(ctx, principal, kpi.id, args);
  }
}
