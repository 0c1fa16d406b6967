import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Min } from 'class-validator';

/** Forward pagination; the upper bound of `first` comes from GRAPHQL_MAX_PAGE_SIZE (checked in paginate()). */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (default 50, at most GRAPHQL_MAX_PAGE_SIZE).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the previous page.' })
  @IsOptional()
  @IsString()
  after?: string;
}
