import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { RoleEnum } from '../../graphql/graphql-enums';
import { ROLES, type Role } from '../principal';

@InputType()
export class IssueApiKeyInput {
  @Field({ description: 'What the key is for, e.g. "grafana".' })
  @IsString()
  @Length(1, 128)
  name: string;

  @Field(() => RoleEnum)
  @IsIn(ROLES)
  role: Role;

  @Field(() => [String], { nullable: true, description: 'Org units to limit the key to; omit for all units.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[^,]+$/, { each: true, message: 'unit ids cannot contain commas' })
  units?: string[];
}
