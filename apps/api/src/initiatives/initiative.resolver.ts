import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { CreateInitiativeInput, InitiativeType, UpdateInitiativeInput } from './dto/initiative.types';
import { InitiativeService } from './initiative.service';

@Resolver(() => InitiativeType)
@ValidateInput()
export class InitiativeResolver {
  constructor(private readonly service: InitiativeService) {}

  @Query(() => [InitiativeType], {
    description:
      "Initiatives with their status, progress, milestones and money spent: now, or with asOf each one's state in " +
      'force then (as the scorecard of that instant shows it).',
  })
  @AnyRole()
  initiatives(
    @CurrentPrincipal() principal: Principal,
    @Args('unit', { type: () => ID, nullable: true }) unit?: string,
    @Args('asOf', { nullable: true }) asOf?: Date,
  ): Promise<InitiativeType[]> {
    return this.service.list(principal, unit, asOf);
  }

  @Mutation(() => InitiativeType, { description: 'Adds an initiative to the model (a new model version).' })
  @Roles('strategist')
  createInitiative(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: CreateInitiativeInput,
  ): Promise<InitiativeType> {
    return this.service.create(principal, input);
  }

  @Mutation(() => InitiativeType, { description: 'Status, progress and milestones of an initiative.' })
  @Roles('strategist')
  updateInitiative(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateInitiativeInput,
  ): Promise<InitiativeType> {
    return this.service.update(principal, id, input);
  }
}
