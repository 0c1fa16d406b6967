import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole } from '../auth/roles.decorator';
import type { ApiContext } from '../graphql/api-context';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { ScenarioInput } from './dto/scenario.input';
import { WhatIfResultType } from './dto/what-if.types';
import { WhatIfService } from './what-if.service';

@Resolver()
@ValidateInput()
export class WhatIfResolver {
  constructor(private readonly service: WhatIfService) {}

  @Query(() => WhatIfResultType, {
    description:
      'Runs a scenario ad hoc against the current period of every KPI the caller can see (and the next ones: horizonPeriods).',
  })
  @AnyRole()
  whatIf(
    @Context() ctx: ApiContext,
    @CurrentPrincipal() principal: Principal,
    @Args('scenario', { type: () => ScenarioInput }) scenario: ScenarioInput,
  ): Promise<WhatIfResultType> {
    return this.service.run(ctx, principal, scenario);
  }
}
