import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { TWIN_NODE_KINDS, type TwinNodeKind } from '@bsc/twin';
import { TwinNodeKindEnum } from '../../graphql/graphql-enums';

/** Hops around the root; beyond six the neighbourhood is most of the model (the node limit applies anyway). */
export const MAX_GRAPH_DEPTH = 6;

@ArgsType()
export class TwinGraphArgs {
  @Field(() => ID)
  @IsString()
  @MaxLength(256)
  rootId: string;

  @Field(() => Int, { defaultValue: 2, description: `Hops from the root, 0 to ${MAX_GRAPH_DEPTH}.` })
  @IsInt()
  @Min(0)
  @Max(MAX_GRAPH_DEPTH)
  depth: number = 2;

  @Field(() => [TwinNodeKindEnum], {
    nullable: true,
    description: 'Only nodes of these kinds are returned (the walk passes through the others).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TWIN_NODE_KINDS.length)
  @IsIn(TWIN_NODE_KINDS, { each: true })
  kinds?: TwinNodeKind[];
}
