import { ArgsType, Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { IsDate, IsInt, Max, Min } from 'class-validator';

/** Points a chart can use: a few per pixel column of a wide screen. */
export const MAX_HISTORY_POINTS = 5_000;

@ArgsType()
export class SignalHistoryArgs {
  @Field({ description: 'Inclusive start.' })
  @IsDate()
  from: Date;

  @Field({ description: 'Exclusive end.' })
  @IsDate()
  to: Date;

  @Field(() => Int, {
    defaultValue: 1_000,
    description: `At most this many points, or buckets when the range holds more samples (1 to ${MAX_HISTORY_POINTS}).`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_HISTORY_POINTS)
  maxPoints: number = 1_000;
}

@ObjectType('SignalHistoryPoint')
export class SignalHistoryPointType {
  @Field() ts: Date;
  @Field(() => Float) value: number;
}

@ObjectType('SignalHistoryBucket', {
  description: 'Samples in [start, start + bucketMs): the first and last sample and the extremes, so spikes survive.',
})
export class SignalHistoryBucketType {
  @Field() start: Date;
  @Field() firstTs: Date;
  @Field(() => Float) first: number;
  @Field(() => Float) min: number;
  @Field(() => Float) max: number;
  @Field() lastTs: Date;
  @Field(() => Float) last: number;
  @Field(() => Int) count: number;
}

@ObjectType('SignalHistory', {
  description:
    'Numeric samples of a signal over a range: the raw samples (points) when they fit in maxPoints, else buckets of equal width (empty buckets left out). Buckets of a minute or more are read from the minute, hour or day rollups and cut on their UTC grid (the first bucket may start before from, holding only samples from from on); the ends of the range come from the raw samples, so the figures are exact.',
})
export class SignalHistoryType {
  @Field() from: Date;
  @Field() to: Date;
  @Field(() => Int, { description: 'Numeric samples in the range.' }) rawCount: number;
  @Field(() => Float, { nullable: true, description: 'Bucket width in ms; null when points are the raw samples.' })
  bucketMs: number | null;
  @Field(() => [SignalHistoryPointType]) points: SignalHistoryPointType[];
  @Field(() => [SignalHistoryBucketType]) buckets: SignalHistoryBucketType[];
}
