import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole } from '../auth/roles.decorator';
import type { ApiContext } from '../graphql/api-context';
import { ScorecardType } from './dto/scorecard.types';
import { ScorecardService } from './scorecard.service';

@Resolver(() => ScorecardType)
export class ScorecardResolver {
  constructor(private readonly scorecards: ScorecardService) {}

  @Query(() => ScorecardType, {
    description: 'Scorecard of an org unit (default: the root, or the first granted unit). asOf = time travel with the model version then in force; knownAt = the values known at that time (default: asOf when asOf is given, else now).',
  })
  @AnyRole()
  scorecard(
    @Context() ctx: ApiContext,
    @CurrentPrincipal() principal: Principal,
    @Args('unit', { type: () => ID, nullable: true }) unit?: string,
    @Args('asOf', { nullable: true }) asOf?: Date,
    @Args('period', { nullable: true, description: 'Period key, e.g. 2026-11 or FY2026-Q3; shows its end.' }) period?: string,
    @Args('knownAt', { nullable: true }) knownAt?: Date,
  ): Promise<ScorecardType> {
    return this.scorecards.scorecard(ctx, principal, { unit, asOf, period, knownAt });
  }
}
