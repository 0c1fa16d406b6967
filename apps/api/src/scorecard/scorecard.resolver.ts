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
    description:
      'Scorecard of an org unit (default: the root, or the first granted unit). asOf = time travel: the scorecard as it stood at that instant, each period up to asOf recomputed from the data received by knownAt, with the model version and target overrides then in force and no forecasts. knownAt defaults to asOf (as known then); a later knownAt shows the same instant as corrected since (late data, manual corrections). Without asOf: the live scorecard.',
  })
  @AnyRole()
  scorecard(
    @Context() ctx: ApiContext,
    @CurrentPrincipal() principal: Principal,
    @Args('unit', { type: () => ID, nullable: true }) unit?: string,
    @Args('asOf', { nullable: true }) asOf?: Date,
    @Args('period', { nullable: true, description: 'Period key, e.g. 2026-11 or FY2026-Q3; shows its end.' })
    period?: string,
    @Args('knownAt', {
      nullable: true,
      description: 'Knowledge time, not before asOf (default: asOf; later than now counts as now).',
    })
    knownAt?: Date,
  ): Promise<ScorecardType> {
    return this.scorecards.scorecard(ctx, principal, { unit, asOf, period, knownAt });
  }
}
