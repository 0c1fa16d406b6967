import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole } from '../auth/roles.decorator';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { AnomalyService } from './anomaly.service';
import { PageArgs } from '../graphql/pagination/page.args';
import { AnomaliesArgs, AnomalyRangeArgs } from './dto/anomalies.args';
import { AnomalyConnection, AnomalyType } from './dto/anomaly.types';

@Resolver(() => AnomalyType)
@ValidateInput()
export class AnomalyResolver {
  constructor(private readonly service: AnomalyService) {}

  @Query(() => [AnomalyType], {
    description:
      'Stored anomalies (those `anomalyDetected` announced) in a time range, newest first, of the units you may ' +
      'see; kept as long as SAMPLE_RETENTION_DAYS keeps samples.',
  })
  @AnyRole()
  anomalies(@CurrentPrincipal() principal: Principal, @Args() args: AnomaliesArgs): Promise<AnomalyType[]> {
    return this.service.list(principal, args);
  }

  @Query(() => AnomalyConnection, {
    description:
      'The stored anomalies of `anomalies`, paged: newest first, ties by KPI, kind and signal; `after` takes ' +
      "a page's endCursor and stays valid while new anomalies arrive.",
  })
  @AnyRole()
  anomaliesPage(
    @CurrentPrincipal() principal: Principal,
    @Args() range: AnomalyRangeArgs,
    @Args() page: PageArgs,
  ): Promise<AnomalyConnection> {
    return this.service.page(principal, range, page);
  }
}
