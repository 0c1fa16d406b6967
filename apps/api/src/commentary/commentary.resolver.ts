import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole, Roles } from '../auth/roles.decorator';
import { ValidateInput } from '../graphql/api-validation.decorator';
import { CommentaryService } from './commentary.service';
import {
  CommentarySubjectEnum,
  CommentaryType,
  WriteCommentaryInput,
  type CommentarySubject,
} from './dto/commentary.types';

@Resolver(() => CommentaryType)
@ValidateInput()
export class CommentaryResolver {
  constructor(private readonly service: CommentaryService) {}

  @Query(() => [CommentaryType], {
    description:
      "Commentary on a unit's objectives and KPIs for the periods containing asOf (default now), each as known at knownAt (default asOf): the commentary of the scorecard of that instant.",
  })
  @AnyRole()
  periodCommentary(
    @CurrentPrincipal() principal: Principal,
    @Args('unit', { type: () => ID }) unit: string,
    @Args('asOf', { nullable: true }) asOf?: Date,
    @Args('knownAt', { nullable: true }) knownAt?: Date,
  ): Promise<CommentaryType[]> {
    return this.service.forUnit(principal, { unit, asOf: asOf?.getTime(), knownAt: knownAt?.getTime() });
  }

  @Query(() => [CommentaryType], { description: 'Every version of one commentary, oldest first.' })
  @AnyRole()
  commentaryVersions(
    @CurrentPrincipal() principal: Principal,
    @Args('subjectKind', { type: () => CommentarySubjectEnum }) subjectKind: CommentarySubject,
    @Args('subjectId', { type: () => ID }) subjectId: string,
    @Args('periodKey', { nullable: true }) periodKey?: string,
  ): Promise<CommentaryType[]> {
    return this.service.versions(principal, subjectKind, subjectId, periodKey);
  }

  @Mutation(() => CommentaryType, { description: 'Saves a new version of the commentary for a period.' })
  @Roles('strategist')
  writeCommentary(
    @CurrentPrincipal() principal: Principal,
    @Args('input') input: WriteCommentaryInput,
  ): Promise<CommentaryType> {
    return this.service.write(principal, input);
  }
}
