import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole, Roles } from '../auth/roles.decorator';
import type { ApiContext } from '../graphql/api-context';
import { ValidateInput } from '../graphql/api-validation.decorator';
import {
  CompareScenariosArgs,
  SavedScenarioType,
  SaveScenarioArgs,
  ScenarioRunType,
  ScenariosArgs,
} from './dto/saved-scenario.types';
import { WhatIfScenarioService } from './what-if-scenario.service';

@Resolver(() => SavedScenarioType)
@ValidateInput()
export class WhatIfScenarioResolver {
  constructor(private readonly service: WhatIfScenarioService) {}

  @Mutation(() => SavedScenarioType, { description: 'Saves a scenario to run again and compare.' })
  @Roles('strategist')
  saveScenario(@CurrentPrincipal() principal: Principal, @Args() args: SaveScenarioArgs): Promise<SavedScenarioType> {
    return this.service.save(principal, args.name, args.scenario);
  }

  @Query(() => [SavedScenarioType], { description: 'Saved scenarios whose drivers lie in the caller’s units.' })
  @AnyRole()
  scenarios(@CurrentPrincipal() principal: Principal, @Args() args: ScenariosArgs): Promise<SavedScenarioType[]> {
    return this.service.list(principal, args.first);
  }

  @Query(() => [ScenarioRunType], { description: 'Runs saved scenarios now, side by side.' })
  @AnyRole()
  compareScenarios(
    @Context() ctx: ApiContext,
    @CurrentPrincipal() principal: Principal,
    @Args() args: CompareScenariosArgs,
  ): Promise<ScenarioRunType[]> {
    return this.service.compare(ctx, principal, args.ids);
  }
}
