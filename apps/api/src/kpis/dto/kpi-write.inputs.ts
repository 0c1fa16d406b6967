import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { IsNumber, IsOptional, IsString, Length, MaxLength } from 'class-validator';

@InputType()
export class RecordKpiValueInput {
  @Field(() => ID) @IsString() @MaxLength(256) kpiId: string;
  @Field(() => Float) @IsNumber({ allowNaN: false, allowInfinity: false }) value: number;
  @Field({ nullable: true, description: 'Default: the current period of the KPI.' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  periodKey?: string;
  @Field({ nullable: true, description: "Unit of the value; must match the KPI's unit when given." })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  unit?: string;
  @Field({ nullable: true, description: 'Why (required in spirit for corrections).' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;
}

@InputType()
export class SetTargetInput {
  @Field(() => ID) @IsString() @MaxLength(256) kpiId: string;
  @Field() @IsString() @MaxLength(32) periodKey: string;
  @Field(() => Float) @IsNumber({ allowNaN: false, allowInfinity: false }) value: number;
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  lower?: number;
  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  upper?: number;
}

@InputType()
export class ClearTargetInput {
  @Field(() => ID) @IsString() @MaxLength(256) kpiId: string;
  @Field() @IsString() @MaxLength(32) periodKey: string;
}
