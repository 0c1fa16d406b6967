import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { PageArgs } from '../graphql/pagination/page.args';
import { SignalHistoryArgs, SignalHistoryType } from './dto/signal-history.types';
import { SignalConnection, SignalFilterInput, SignalType } from './dto/signal.types';
import { SignalService } from './signal.service';
import { DeadLetterConnection, DeadLetterFilterInput } from './dto/dead-letter.types';
import { DeadLetterService } from './dead-letter.service';

@Resolver(() => SignalType)
@ValidateInput()
export class SignalResolver {
  constructor(
    private readonly service: SignalService,
    private readonly deadLetterService: DeadLetterService,
  ) {}

  @Query(() => SignalConnection)
  @AnyRole()
  signals(
    @CurrentPrincipal() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { type: () => SignalFilterInput, nullable: true }) filter?: SignalFilterInput,
  ): Promise<SignalConnection> {
    return this.service.list(principal, filter, page);
  }

  @Query(() => SignalType, { nullable: true, description: 'One signal with its binding and last sample.' })
  @AnyRole()
  signal(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<SignalType | null> {
    return this.service.one(principal, id);
  }

  @ResolveField(() => SignalHistoryType, {
    description:
      'Numeric samples over [from, to), downsampled into min/max buckets when there are more than maxPoints.',
  })
  history(@Parent() signal: SignalType, @Args() args: SignalHistoryArgs): Promise<SignalHistoryType> {
    return this.service.history(signal.id, args.from, args.to, args.maxPoints);
  }

  @Query(() => DeadLetterConnection, {
    description:
      "Rejected messages and samples of the caller's org units, newest first; totalCount counts every page (it was -1 before).",
  })
  @Roles('engineer')
  deadLetters(
    @CurrentPrincipal() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { type: () => DeadLetterFilterInput, nullable: true }) filter?: DeadLetterFilterInput,
  ): Promise<DeadLetterConnection> {
    return this.deadLetterService.list(principal, filter, page);
  }
}
