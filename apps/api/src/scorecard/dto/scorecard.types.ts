import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import type { AggregateStatus, KpiStatus } from '@bsc/scorecard';
import type { InitiativeStatus, KpiDirection, TargetPhasing } from '@bsc/twin';
import {
  AggregateStatusEnum,
  InitiativeStatusEnum,
  KpiDirectionEnum,
  KpiStatusEnum,
  TargetPhasingEnum,
} from '../../graphql/graphql-enums';
import { KpiQualityType } from '../../kpis/dto/kpi.types';

@ObjectType('PeriodChange', {
  description: 'Change against the previous reporting period (same knowledge time). Was `ChangeType`.',
})
export class ChangeType {
  @Field(() => Float, { nullable: true }) previousScore: number | null;
  @Field(() => Float, { nullable: true }) scoreDelta: number | null;
  @Field(() => String, { nullable: true }) previousStatus: string | null;
  @Field() statusChanged: boolean;
  @Field(() => String, { nullable: true, description: 'improved, worsened or unchanged' }) trend: string | null;
}

@ObjectType('KpiPeriodChange', {
  description: 'Change of a KPI against its previous reporting period. Was `KpiChangeType`.',
})
export class KpiChangeType extends ChangeType {
  @Field(() => Float, { nullable: true }) previousValue: number | null;
  @Field(() => Float, { nullable: true }) valueDelta: number | null;
  @Field(() => String, { nullable: true }) previousPeriodKey: string | null;
}

@ObjectType()
export class ScorecardKpi {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() unit: string;
  @Field(() => KpiDirectionEnum) direction: KpiDirection;
  @Field(() => Float) weight: number;
  @Field(() => Float, { nullable: true, description: 'Value of the period so far (period to date).' }) value:
    number | null;
  @Field(() => Float, { nullable: true, description: 'Full target of the period (what `expected` is judged against).' })
  target: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Target due by asOf under the phasing: what value, status, score and deviation are judged against.',
  })
  toDateTarget: number | null;
  @Field(() => TargetPhasingEnum, { description: "Phasing of toDateTarget ('none': the full target applies to date)." })
  phasing: TargetPhasing;
  @Field(() => KpiStatusEnum, { description: 'Status of the value to date against toDateTarget.' }) status: KpiStatus;
  @Field(() => Float, { nullable: true, description: '0..10, of the value to date against toDateTarget.' }) score:
    number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Unfavourable deviation of value from toDateTarget (positive = worse).',
  })
  deviation: number | null;
  @Field(() => KpiQualityType, { nullable: true }) quality: KpiQualityType | null;
  @Field() periodKey: string;
  @Field(() => Date, { nullable: true }) updatedAt: Date | null;
  @Field({ description: 'Cascaded from child units.' }) derived: boolean;
  @Field(() => KpiStatusEnum, {
    nullable: true,
    description: 'Status of the period-end expectation against the full target.',
  })
  predictedStatus: KpiStatus | null;
  @Field(() => Float, { nullable: true, description: '0..10, of the period-end expectation against the full target.' })
  predictedScore: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Expected value at period end (compare with target, not toDateTarget).',
  })
  expected: number | null;
  @Field(() => Float, { nullable: true, description: 'Probability (0..1) of meeting the full target at period end.' })
  probability: number | null;
  @Field(() => KpiChangeType, { nullable: true }) delta: KpiChangeType | null;
}

@ObjectType()
export class ScorecardInitiative {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) owner: string | null;
  @Field(() => InitiativeStatusEnum) status: InitiativeStatus;
  @Field(() => Float, { nullable: true, description: '0..1' }) progress: number | null;
}

@ObjectType()
export class ScorecardObjective {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) owner: string | null;
  @Field(() => Float) weight: number;
  @Field(() => Float, { nullable: true }) score: number | null;
  @Field(() => AggregateStatusEnum) status: AggregateStatus;
  @Field(() => AggregateStatusEnum, { nullable: true }) predictedStatus: AggregateStatus | null;
  @Field(() => Float, { nullable: true, description: 'Share of weight (0..1) that had data.' }) coverage: number | null;
  @Field(() => [ScorecardKpi]) kpis: ScorecardKpi[];
  @Field(() => [ScorecardInitiative]) initiatives: ScorecardInitiative[];
  @Field(() => ChangeType, { nullable: true }) delta: ChangeType | null;
}

@ObjectType()
export class ScorecardPerspective {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => Float) weight: number;
  @Field(() => Float, { nullable: true }) score: number | null;
  @Field(() => AggregateStatusEnum) status: AggregateStatus;
  @Field(() => AggregateStatusEnum, { nullable: true }) predictedStatus: AggregateStatus | null;
  @Field(() => Float, { nullable: true }) coverage: number | null;
  @Field(() => [ScorecardObjective], { description: "This unit's own objectives (children are rolled into score)." })
  objectives: ScorecardObjective[];
  @Field(() => ChangeType, { nullable: true }) delta: ChangeType | null;
}

@ObjectType('ScorecardUnit', { description: 'Was `ScorecardUnitType`.' })
export class ScorecardUnitType {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) owner: string | null;
}

@ObjectType('Scorecard', { description: "A unit's balanced scorecard. Was `ScorecardType`." })
export class ScorecardType {
  @Field(() => ScorecardUnitType) unit: ScorecardUnitType;
  @Field(() => Float, { nullable: true }) score: number | null;
  @Field(() => AggregateStatusEnum) status: AggregateStatus;
  @Field(() => AggregateStatusEnum, { nullable: true }) predictedStatus: AggregateStatus | null;
  @Field(() => Float, { nullable: true }) coverage: number | null;
  @Field({ description: 'The instant the scorecard describes.' }) asOf: Date;
  @Field(() => Date, {
    nullable: true,
    description:
      'Knowledge time: data received and values, targets entered after it are ignored (asOf itself = as known then); null = the live scorecard, everything known now.',
  })
  knownAt: Date | null;
  @Field(() => Float, { nullable: true, description: 'Model version in force at asOf.' }) modelVersion: number | null;
  @Field(() => [ScorecardPerspective]) perspectives: ScorecardPerspective[];
  @Field(() => [ScorecardType]) children: ScorecardType[];
  @Field(() => ChangeType, { nullable: true }) delta: ChangeType | null;
}
