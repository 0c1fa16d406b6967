import { Field, Float, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { INITIATIVE_STATUSES, type InitiativeStatus } from '@bsc/twin';
import { InitiativeStatusEnum } from '../../graphql/graphql-enums';

@ObjectType('Milestone')
export class MilestoneType {
  @Field() name: string;
  @Field({ description: 'Due date (YYYY-MM-DD).' }) due: string;
  @Field() done: boolean;
}

@ObjectType('Initiative')
export class InitiativeType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) owner: string | null;
  @Field(() => ID) unit: string;
  @Field(() => [ID]) objectives: string[];
  @Field(() => [ID]) kpis: string[];
  @Field(() => InitiativeStatusEnum) status: InitiativeStatus;
  @Field(() => Float, { nullable: true, description: '0..1: given, else share of milestones done.' }) progress:
    number | null;
  @Field(() => [MilestoneType]) milestones: MilestoneType[];
  @Field(() => Float, { nullable: true }) budgetAmount: number | null;
  @Field(() => String, { nullable: true }) budgetCurrency: string | null;
  @Field(() => Float, { nullable: true, description: 'Spent so far, in budgetCurrency; null = not reported.' })
  budgetActual: number | null;
  @Field(() => String, { nullable: true, description: 'Who last updated the live state (display name).' })
  updatedBy: string | null;
  @Field(() => Date, { nullable: true }) updatedAt: Date | null;
  @Field(() => String, { nullable: true }) start: string | null;
  @Field(() => String, { nullable: true }) end: string | null;
}

@InputType()
export class MilestoneInput {
  @Field() @IsString() @Length(1, 200) name: string;
  @Field() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) due: string;
  @Field() @IsBoolean() done: boolean;
}

@InputType()
export class UpdateInitiativeInput {
  @Field(() => InitiativeStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(INITIATIVE_STATUSES)
  status?: InitiativeStatus;

  @Field(() => Float, { nullable: true, description: '0..1' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  progress?: number;

  @Field(() => Float, { nullable: true, description: 'Spent so far, in the currency of the budget.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  budgetActual?: number;

  @Field(() => [MilestoneInput], { nullable: true, description: 'Replaces the milestones.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MilestoneInput)
  milestones?: MilestoneInput[];
}

@InputType()
export class CreateInitiativeInput {
  @Field(() => ID)
  @IsString()
  @Matches(/^[A-Za-z][\w.-]{0,127}$/, { message: 'must start with a letter and use letters, digits, _ . -' })
  id: string;
  @Field() @IsString() @Length(1, 200) name: string;
  @Field(() => ID) @IsString() unit: string;
  @Field(() => [ID]) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) objectives: string[];
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  kpis?: string[];
  @Field({ nullable: true }) @IsOptional() @IsString() @Length(1, 128) owner?: string;
  @Field(() => InitiativeStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(INITIATIVE_STATUSES)
  status?: InitiativeStatus;
  @Field(() => [MilestoneInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MilestoneInput)
  milestones?: MilestoneInput[];
}
