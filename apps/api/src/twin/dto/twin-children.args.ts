import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageArgs } from '../../graphql/pagination/page.args';

@ArgsType()
export class TwinChildrenArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Parent node; omitted = the root units.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  parentId?: string;
}
