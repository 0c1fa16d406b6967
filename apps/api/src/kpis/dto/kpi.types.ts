import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { SampleQuality } from '@bsc/common';
import type { KpiStatus } from '@bsc/scorecard';
import type { KpiAccumulation, KpiDirection, TargetPhasing } from '@bsc/twin';
import {
  KpiAccumulationEnum,
  KpiDirectionEnum,
  KpiStatusEnum,
  SampleQualityEnum,
  TargetPhasingEnum,
} from '../../graphql/graphql-enums';
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
  @Field(() => Int, {
    description: 'Stored periods aggregated into this point (a period shared between two points counts in each).',
  })
  count: number;
}

@ObjectType('KpiRevision')
export class KpiRevisionType {
  @Field(() => ID) id: string;
  @Field() periodKey: string;
  @Field(() => Float, { nullable: true }) value: number | null;
  @Field({ description: 'computed or manual' }) origin: string;
  @Field({ description: 'When the platform learned this value.' }) recordedAt: Date;
  @Field(() => String, {
    nullable: true,
    description: 'Who entered it: display name (API key name, token name claim).',
  })
  enteredBy: string | null;
  @Field(() => String, { nullable: true }) comment: string | null;
  @Field(() => Int) modelVersion: number;
  @Field(() => KpiQualityType) quality: KpiQualityType;
}

@ObjectType('ForecastPoint', {
  description:
    "One step of the projected path of the KPI's period value: the value the KPI is expected to show at `time` (the end of each remaining day of the current period), in the same units as `value`. Cumulative KPIs (sums, counts): the running total to date; averages: the running average to date; ratios: the ratio of the running numerator and denominator. The last point is the period-end expectation (`periodEnd.expected`).",
})
export class ForecastPointType {
  @Field({ description: 'Instant the point describes (end of a day of the current period).' }) time: Date;
  @Field(() => Float, { description: "Expected period-to-date value at `time`, in the KPI's unit." }) mean: number;
  @Field(() => Float) lower80: number;
  @Field(() => Float) upper80: number;
  @Field(() => Float) lower95: number;
  @Field(() => Float) upper95: number;
}

@ObjectType('PeriodEndForecast', {
  description: 'The KPI projected to the end of its current period, judged against the full period target.',
})
export class PeriodEndForecastType {
  @Field() periodKey: string;
  @Field(() => Float, { nullable: true, description: 'The full target of the period (not the to-date target).' })
  target: number | null;
  @Field(() => Float, {
    description:
      'Expected period value at period end (a sum: the whole period total; an average or ratio: over the whole period).',
  })
  expected: number;
  @Field(() => Float) lower80: number;
  @Field(() => Float) upper80: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Probability (0..1) that the period-end value meets the full target.',
  })
  probabilityOfMeetingTarget: number | null;
}

@ObjectType('KpiForecast')
export class KpiForecastType {
  @Field() method: string;
  @Field() computedAt: Date;
  @Field() interval: string;
  @Field(() => [ForecastPointType]) points: ForecastPointType[];
  @Field(() => PeriodEndForecastType, { nullable: true }) periodEnd: PeriodEndForecastType | null;
  @Field({
    description:
      'The forecast rests on history that is not settled or too short: samples for past days were still arriving ' +
      '(an import, a backfill, a connector catching up; it is re-run once they stop) or too few days for its ' +
      "method's backtest.",
  })
  provisional: boolean;
  @Field(() => String, { nullable: true, description: 'Why the forecast is provisional; null when it is not.' })
  provisionalReason: string | null;
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
  @Field(() => KpiAccumulationEnum, {
    description: 'Whether the period value is a running total (cumulative) or a level.',
  })
  accumulation: KpiAccumulation;
  @Field(() => Float, { nullable: true, description: 'Value of the current period so far (period to date).' }) value:
    number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Full target of the current period (what the period-end forecast is judged against).',
  })
  target: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Target due by now under the phasing: what value, status and score are judged against.',
  })
  toDateTarget: number | null;
  @Field(() => TargetPhasingEnum, { description: "Phasing of toDateTarget ('none': the full target applies to date)." })
  phasing: TargetPhasing;
  @Field(() => KpiStatusEnum, { description: 'Status of the value to date against toDateTarget.' }) status: KpiStatus;
  @Field(() => Float, { nullable: true, description: '0..10, of the value to date against toDateTarget.' }) score:
    number | null;
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
  @Field({ description: 'Who set it: display name (API key name, token name claim).' }) setBy: string;
  @Field() setAt: Date;
}
