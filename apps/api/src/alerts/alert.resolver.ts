import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { AlertStatusEnum } from '../graphql/graphql-enums';
import { PageArgs } from '../graphql/pagination/page.args';
import type { AlertStatus } from '../stores/alert.store';
import { AlertConnection, AlertType } from './dto/alert.types';
import { AlertService } from './alert.service';

@Resolver(() => AlertType)
@ValidateInput()
export class AlertResolver {
  constructor(private readonly service: AlertService) {}

  @Query(() => AlertConnection, {
    description:
      'Alerts of the units you may see, newest first; totalCount counts every match of the filters, not just the page.',
  })
  @AnyRole()
  alerts(
    @CurrentPrincipal() principal: Principal,
    @Args() page: PageArgs,
    @Args('status', { type: () => AlertStatusEnum, nullable: true }) status?: AlertStatus,
    @Args('unit', {
      type: () => ID,
      nullable: true,
      description: 'Only alerts of this org unit and the units below it.',
    })
    unit?: string,
  ): Promise<AlertConnection> {
    return this.service.list(principal, { status, unit }, page);
  }

  @Mutation(() => AlertType)
  @Roles('engineer', 'strategist')
  acknowledgeAlert(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AlertType> {
    return this.service.acknowledge(principal, id);
  }

  @Mutation(() => AlertType)
  @Roles('engineer', 'strategist')
  resolveAlert(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AlertType> {
    return this.service.resolve(principal, id);
  }
}
