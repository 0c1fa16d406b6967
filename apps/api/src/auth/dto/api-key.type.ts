import { Field, ID, ObjectType } from '@nestjs/graphql';
import { RoleEnum } from '../../graphql/graphql-enums';
import type { Role } from '../principal';

@ObjectType('ApiKey', { description: 'An API key; the key itself is only shown once, in IssuedApiKey.' })
export class ApiKeyType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => RoleEnum) role: Role;
  @Field(() => [String], { nullable: true, description: 'Org units granted (with their subtrees); null = all.' })
  units: string[] | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
}

@ObjectType()
export class IssuedApiKey {
  @Field(() => ApiKeyType) apiKey: ApiKeyType;
  @Field({ description: 'The secret; store it now, it cannot be shown again.' }) key: string;
}
