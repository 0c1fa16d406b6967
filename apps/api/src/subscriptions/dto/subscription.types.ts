import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { KpiQualityType } from '../../kpis/dto/kpi.types';

@ObjectType('KpiUpdate')
export class KpiUpdateType {
  @Field(() => ID) kpiId: string;
  @Field(() => ID) unitId: string;
  @Field() periodKey: string;
  @Field(() => Float, { nullable: true }) value: number | null;
  @Field() asOf: Date;
  @Field() computedAt: Date;
  @Field(() => KpiQualityType) quality: KpiQualityType;
  @Field({ description: 'computed or manual' }) origin: string;
  @Field(() => Int) modelVersion: number;
}

@ObjectType('ScorecardChange')
export class ScorecardChangeType {
  @Field(() => ID, { description: 'The unit whose numbers changed (the subscribed unit or one below it).' })
  unitId: string;
  @Field() at: Date;
  @Field(() => ID, { nullable: true, description: 'The KPI whose update caused it, when known.' }) kpiId: string | null;
}

@ObjectType('AlertRaised')
export class AlertRaisedType {
  @Field(() => ID) alertId: string;
  @Field(() => ID) unitId: string;
  @Field(() => ID, { nullable: true }) kpiId: string | null;
  @Field() rule: string;
  @Field() severity: string;
  @Field() message: string;
  @Field() at: Date;
}
