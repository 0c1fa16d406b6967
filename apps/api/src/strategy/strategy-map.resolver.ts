import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole } from '../auth/roles.decorator';
import { StrategyMapType } from './dto/strategy-map.types';
import { StrategyMapService } from './strategy-map.service';

@Resolver()
export class StrategyMapResolver {
  constructor(private readonly service: StrategyMapService) {}

  @Query(() => StrategyMapType, {
    description: "Objectives and cause→effect links (hypothesised vs measured lag) of a unit's subtree.",
  })
  @AnyRole()
  strategyMap(
    @CurrentPrincipal() principal: Principal,
    @Args('unit', { type: () => ID, nullable: true }) unit?: string,
  ): Promise<StrategyMapType> {
    return this.service.strategyMap(principal, unit);
  }
}
