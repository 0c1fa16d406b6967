import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole } from '../auth/roles.decorator';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { TwinGraphArgs } from './dto/twin-graph.args';
import { TwinGraphType, TwinNodeType } from './dto/twin.types';
import { TwinService } from './twin.service';

@Resolver()
@ValidateInput()
export class TwinResolver {
  constructor(private readonly twin: TwinService) {}

  @Query(() => TwinNodeType, { nullable: true })
  @AnyRole()
  twinNode(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string): TwinNodeType | null {
    return this.twin.node(principal, id);
  }

  @Query(() => TwinGraphType, {
    description: 'Nodes within `depth` hops of the root (both directions), with the typed edges among them.',
  })
  @AnyRole()
  twinGraph(@CurrentPrincipal() principal: Principal, @Args() args: TwinGraphArgs): TwinGraphType {
    return this.twin.graph(principal, args.rootId, args.depth, args.kinds ?? null);
  }

  @Query(() => TwinGraphType, {
    description:
      'The TwinGraph lineage of a KPI: upstream KPIs, signals with their sources and the assets or processes they measure, objectives and perspectives (KPIs downstream are not part of it).',
  })
  @AnyRole()
  lineage(@CurrentPrincipal() principal: Principal, @Args('kpiId', { type: () => ID }) kpiId: string): TwinGraphType {
    return this.twin.lineage(principal, kpiId);
  }
}
