import { Field, ID, InputType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { KPI_STATUSES, type KpiStatus } from '@bsc/scorecard';
import { KpiStatusEnum } from '../../graphql/graphql-enums';

@InputType()
export class KpiFilterInput {
  @Field(() => ID, { nullable: true, description: 'Org unit; includes its subtree.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  unit?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  perspective?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  objective?: string;

  @Field(() => KpiStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(KPI_STATUSES)
  status?: KpiStatus;

  @Field({ nullable: true, description: 'Case-insensitive match on id or name.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
