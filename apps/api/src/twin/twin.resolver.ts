import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole } from '../auth/roles.decorator';
import { TwinNodeKindEnum } from '../graphql/graphql-enums';
import { TwinGraphType, TwinNodeType } from './dto/twin.types';
import type { TwinNodeKind } from './twin-index';
import { TwinService } from './twin.service';

@Resolver()
export class TwinResolver {
  constructor(private readonly twin: TwinService) {}

  @Query(() => TwinNodeType, { nullable: true })
  @AnyRole()
  twinNode(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string): TwinNodeType | null {
    return this.twin.node(principal, id);
  }

  @Query(() => TwinGraphType, { description: 'Nodes within `depth` hops of the root (both directions), with the typed edges among them.' })
  @AnyRole()
  twinGraph(
    @CurrentPrincipal() principal: Principal,
    @Args('rootId', { type: () => ID }) rootId: string,
    @Args('depth', { type: () => Int, defaultValue: 2 }) depth: number,
    @Args('kinds', { type: () => [TwinNodeKindEnum], nullable: true }) kinds?: TwinNodeKind[],
  ): TwinGraphType {
    return this.twin.graph(principal, rootId, depth, kinds ?? null);
  }

  @Query(() => TwinGraphType, { description: 'From signals (and their sources) through KPIs to objectives and perspectives.' })
  @AnyRole()
  lineage(@CurrentPrincipal() principal: Principal, @Args('kpiId', { type: () => ID }) kpiId: string): TwinGraphType {
    return this.twin.lineage(principal, kpiId);
  }
}
