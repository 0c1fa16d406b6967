import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole } from '../auth/roles.decorator';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { TwinChildrenArgs } from './dto/twin-children.args';
import { TwinNodeConnection, TwinNodeType } from './dto/twin.types';
import { TwinExplorerService } from './twin-explorer.service';

@Resolver(() => TwinNodeType)
@ValidateInput()
export class TwinExplorerResolver {
  constructor(private readonly explorer: TwinExplorerService) {}

  @Query(() => TwinNodeConnection, {
    description:
      "The explorer's tree, one level at a time: units -> processes -> assets -> signals -> KPIs -> objectives.",
  })
  @AnyRole()
  twinChildren(@CurrentPrincipal() principal: Principal, @Args() args: TwinChildrenArgs): TwinNodeConnection {
    return this.explorer.children(principal, args.parentId ?? null, args);
  }

  @ResolveField(() => Int, { description: 'Children of the node in the explorer tree (twinChildren).' })
  childCount(@CurrentPrincipal() principal: Principal, @Parent() node: TwinNodeType): number {
    return this.explorer.childCount(principal, node.id);
  }
}
