import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { SampleQuality } from '@bsc/common';
import type { KpiStatus } from '@bsc/scorecard';
import type { KpiDirection } from '@bsc/twin';
import { KpiDirectionEnum, KpiStatusEnum, SampleQualityEnum } from '../../graphql/graphql-enums';
import { Connection } from '../../graphql/pagination/connection.types';

@ObjectType('KpiQuality')
export class KpiQualityType {
  @Field(() => Float, { description: 'Share (0..1) of expected inputs present and not bad.' }) coverage: number;
  @Field() stale: boolean;
  @Field(() => SampleQualityEnum) quality: SampleQuality;
}

@ObjectType('KpiHistoryPoint')
export class KpiHistoryPointType {
  @Field() periodKey: string;
  @Field() start: Date;
  @Field() end: Date;
  @Field(() => Float, { nullable: true }) value: number | null;
  @Field(() => Int, { description: 'Stored periods aggregated into this point.' }) count: number;
}

@ObjectType('KpiRevision')
export class KpiRevisionType {
  @Field(() => ID) id: string;
  @Field() periodKey: string;
  @Field(() => Float, { nullable: true }) value: number | null;
  @Field({ description: 'computed or manual' }) origin: string;
  @Field({ description: 'When the platform learned this value.' }) recordedAt: Date;
  @Field(() => String, { nullable: true }) enteredBy: string | null;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field(() => Int) modelVersion: number;
  @Field(() => KpiQualityType) quality: KpiQualityType;
}

@ObjectType('ForecastPoint')
export class ForecastPointType {
  @Field() time: Date;
  @Field(() => Float) mean: number;
  @Field(() => Float) lower80: number;
  @Field(() => Float) upper80: number;
  @Field(() => Float) lower95: number;
  @Field(() => Float) upper95: number;
}

@ObjectType('PeriodEndForecast')
export class PeriodEndForecastType {
  @Field() periodKey: string;
  @Field(() => Float, { nullable: true }) target: number | null;
  @Field(() => Float) expected: number;
  @Field(() => Float) lower80: number;
  @Field(() => Float) upper80: number;
  @Field(() => Float, { nullable: true }) probabilityOfMeetingTarget: number | null;
}

@ObjectType('KpiForecast')
export class KpiForecastType {
  @Field() method: string;
  @Field() computedAt: Date;
  @Field() interval: string;
  @Field(() => [ForecastPointType]) points: ForecastPointType[];
  @Field(() => PeriodEndForecastType, { nullable: true }) periodEnd: PeriodEndForecastType | null;
}

@ObjectType('Kpi')
export class KpiType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field() unit: string;
  @Field(() => ID) orgUnit: string;
  @Field(() => KpiDirectionEnum) direction: KpiDirection;
  @Field(() => ID, { nullable: true }) perspective: string | null;
  @Field(() => ID, { nullable: true, description: 'First objective the KPI contributes to.' }) objective: string | null;
  @Field(() => String, { nullable: true }) owner: string | null;
  @Field(() => String, { nullable: true }) formula: string | null;
  @Field() manualEntry: boolean;
  @Field({ description: 'Reporting period: day, week, month, quarter or year.' }) reportingPeriod: string;
  @Field() periodKey: string;
  @Field(() => Float, { nullable: true }) value: number | null;
  @Field(() => Float, { nullable: true }) target: number | null;
  @Field(() => KpiStatusEnum) status: KpiStatus;
  @Field(() => Float, { nullable: true }) score: number | null;
  @Field(() => KpiQualityType, { nullable: true }) quality: KpiQualityType | null;
  @Field(() => Date, { nullable: true, description: 'Event time of the newest input.' }) updatedAt: Date | null;
}

@ObjectType()
export class KpiConnection extends Connection(KpiType) {}

@ObjectType('KpiTarget')
export class KpiTargetType {
  @Field(() => ID) kpiId: string;
  @Field() periodKey: string;
  @Field(() => Float) value: number;
  @Field(() => Float, { nullable: true }) lower: number | null;
  @Field(() => Float, { nullable: true }) upper: number | null;
  @Field() setBy: string;
  @Field() setAt: Date;
}
