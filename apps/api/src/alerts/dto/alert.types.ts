import { Field, ID, ObjectType } from '@nestjs/graphql';
import { AlertStatusEnum } from '../../graphql/graphql-enums';
import { Connection } from '../../graphql/pagination/connection.types';
import type { AlertRecord, AlertStatus } from '../../stores/alert.store';

@ObjectType('Alert')
export class AlertType {
  @Field(() => ID) id: string;
  @Field() rule: string;
  @Field(() => ID, { nullable: true }) kpiId: string | null;
  @Field(() => ID) unitId: string;
  @Field() severity: string;
  @Field(() => AlertStatusEnum) status: AlertStatus;
  @Field() message: string;
  @Field() raisedAt: Date;
  @Field(() => Date, { nullable: true }) acknowledgedAt: Date | null;
  @Field(() => String, { nullable: true }) acknowledgedBy: string | null;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;
}

@ObjectType()
export class AlertConnection extends Connection(AlertType) {}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

export function toAlertType(a: AlertRecord): AlertType {
  return {
    ...a,
    raisedAt: new Date(a.raisedAt),
    acknowledgedAt: date(a.acknowledgedAt),
    resolvedAt: date(a.resolvedAt),
  };
}
