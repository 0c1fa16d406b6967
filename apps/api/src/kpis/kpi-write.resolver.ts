import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { ClearTargetInput, RecordKpiValueInput, SetTargetInput } from './dto/kpi-write.inputs';
import { KpiRevisionType, KpiTargetType } from './dto/kpi.types';
import { KpiWriteService } from './kpi-write.service';

@Resolver()
@ValidateInput()
export class KpiWriteResolver {
  constructor(private readonly writes: KpiWriteService) {}

  @Mutation(() => KpiRevisionType, {
    description: 'Value of a manual KPI for a period; a second entry is a correction (the trail keeps both).',
  })
  @Roles('strategist')
  recordKpiValue(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: RecordKpiValueInput,
  ): Promise<KpiRevisionType> {
    return this.writes.record(principal, input);
  }

  @Mutation(() => KpiTargetType, { description: "Target of a KPI for one period (overrides the model's)." })
  @Roles('strategist')
  setTarget(@CurrentPrincipal() principal: Principal, @Args('input') input: SetTargetInput): Promise<KpiTargetType> {
    return this.writes.setTarget(principal, input);
  }

  @Mutation(() => Boolean, {
    description:
      "Removes a KPI's run-time target for one period, so the model's target applies again; false when none was " +
      'set. The removed target stays in the history: the scorecard as known before the removal still shows it.',
  })
  @Roles('strategist')
  clearTarget(@CurrentPrincipal() principal: Principal, @Args('input') input: ClearTargetInput): Promise<boolean> {
    return this.writes.clearTarget(principal, input);
  }
}
