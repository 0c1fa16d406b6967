import { Field, Float, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../graphql/pagination/connection.types';

export enum AnomalyKindEnum {
  signal = 'signal',
  kpi_interval = 'kpi_interval',
  kpi_change_point = 'kpi_change_point',
}

registerEnumType(AnomalyKindEnum, {
  name: 'AnomalyKind',
  description:
    "signal: an input signal of the KPI (the signal detector); kpi_interval: the KPI's value outside its forecast's " +
    "95 % interval; kpi_change_point: the first period of a new level of the KPI's period values.",
});

@ObjectType('Anomaly', {
  description:
    'An anomaly of a KPI, as the detectors find it. Scores share one scale: odds of 1 in 10^S score S/(S + 5), ' +
    "so 0.5 is a one-in-100 000 event; the `anomaly` alert rule's minScore reads the same scale.",
})
export class AnomalyType {
  @Field(() => AnomalyKindEnum) kind: AnomalyKindEnum;
  @Field(() => ID) kpiId: string;
  @Field(() => ID) unitId: string;
  @Field(() => ID, { nullable: true, description: 'The input signal (kind signal).' }) signalId: string | null;
  @Field({ description: 'Sample time, value time, or start of the first period of the new level.' }) at: Date;
  @Field(() => Float, { description: 'In [0, 1).' }) score: number;
  @Field(() => Float, { nullable: true, description: "The signal's sample, the KPI's value, or the new level." })
  value: number | null;
  @Field(() => Float, { nullable: true, description: "The band's middle, or the level before the change." })
  expected: number | null;
  @Field(() => Float, { nullable: true, description: "Lower end of the forecast's 95 % band (kpi_interval)." })
  lower: number | null;
  @Field(() => Float, { nullable: true, description: "Upper end of the forecast's 95 % band (kpi_interval)." })
  upper: number | null;
  @Field(() => String, { nullable: true }) periodKey: string | null;
  @Field({
    description:
      "Found while what the signal measures (a KPI's: what the signals of its formula lineage measure) was in the " +
      "model's planned downtime (calendar.plannedDowntime) or restarting from it: expected, so it raised no alert.",
  })
  planned: boolean;
}

@ObjectType()
export class AnomalyConnection extends Connection(AnomalyType) {}
