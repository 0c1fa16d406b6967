import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole } from '../auth/roles.decorator';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { PageArgs } from '../graphql/pagination/page.args';
import { SignalConnection, SignalFilterInput } from './dto/signal.types';
import { SignalService } from './signal.service';

@Resolver()
@ValidateInput()
export class SignalResolver {
  constructor(private readonly service: SignalService) {}

  @Query(() => SignalConnection)
  @AnyRole()
  signals(
    @CurrentPrincipal() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { type: () => SignalFilterInput, nullable: true }) filter?: SignalFilterInput,
  ): Promise<SignalConnection> {
    return this.service.list(principal, filter, page);
  }
}
