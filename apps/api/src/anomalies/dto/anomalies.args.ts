import { ArgsType, Field, Float, ID, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsDate, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_ANOMALY_LIMIT } from '@bsc/persistence';

/** The most KPI or signal ids one query names (as for the subscriptions). */
export const MAX_ANOMALY_FILTER_IDS = 500;
export const DEFAULT_ANOMALIES_FIRST = 500;

/** The range and filters, shared by the list and the paged connection. */
@ArgsType()
export class AnomalyRangeArgs {
  @Field({ description: 'Start of the range (inclusive), on the time each anomaly is at.' })
  @IsDate()
  from: Date;

  @Field({ description: 'End of the range (exclusive).' })
  @IsDate()
  to: Date;

  @Field(() => ID, { nullable: true, description: 'Only anomalies of KPIs of this org unit and the units below it.' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  unit?: string;

  @Field(() => [ID], { nullable: true, description: `Only these KPIs (at most ${MAX_ANOMALY_FILTER_IDS}).` })
  @IsOptional()
  @ArrayMaxSize(MAX_ANOMALY_FILTER_IDS)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  kpiIds?: string[];

  @Field(() => [ID], {
    nullable: true,
    description: `Only anomalies of these input signals (kind signal; at most ${MAX_ANOMALY_FILTER_IDS}).`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_ANOMALY_FILTER_IDS)
  @IsString({ each: true })
  @MaxLength(256, { each: true })
  signalIds?: string[];

  @Field(() => Float, { nullable: true, description: 'Only anomalies scoring at least this, in [0, 1].' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  minScore?: number;
}

@ArgsType()
export class AnomaliesArgs extends AnomalyRangeArgs {
  @Field(() => Int, {
    defaultValue: DEFAULT_ANOMALIES_FIRST,
    description: `The newest this many (at most ${MAX_ANOMALY_LIMIT}).`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_ANOMALY_LIMIT)
  first: number = DEFAULT_ANOMALIES_FIRST;
}
