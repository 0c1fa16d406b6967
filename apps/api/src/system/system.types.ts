import { Field, Int, ObjectType } from '@nestjs/graphql';
import { RoleEnum } from '../graphql/graphql-enums';
import type { Role } from '../auth/principal';

@ObjectType({ description: 'Public facts about this API.' })
export class ApiInfo {
  @Field() name: string;
  @Field() apiVersion: string;
  @Field(() => Int) maxPageSize: number;
  @Field(() => Int) maxDepth: number;
  @Field(() => Int) maxCost: number;
}

@ObjectType({ description: 'The authenticated caller.' })
export class Viewer {
  @Field() subject: string;
  @Field({ description: "Who to show: the API key's name or the token's name claim; else the subject." })
  displayName: string;
  @Field(() => RoleEnum) role: Role;
  @Field(() => [String], { nullable: true, description: 'Org units granted (with subtrees); null = all.' }) units:
    string[] | null;
  @Field({ description: 'jwt or api_key' }) via: string;
}
