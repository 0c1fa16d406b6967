import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AnyRole } from '../auth/roles.decorator';
import { AnomalyType } from '../anomalies/dto/anomaly.types';
import { AlertRaisedType, KpiUpdateType, ScorecardChangeType } from './dto/subscription.types';
import { SubscriptionService } from './subscription.service';

const asIs = <T>(payload: T): T => payload;

@Resolver()
export class SubscriptionResolver {
  constructor(private readonly subscriptions: SubscriptionService) {}

  @Subscription(() => KpiUpdateType, {
    resolve: asIs,
    description: 'KPI values as they are computed or entered (all visible KPIs when ids is omitted).',
  })
  @AnyRole()
  kpiUpdated(
    @CurrentPrincipal() principal: Principal,
    @Args('ids', { type: () => [ID], nullable: true }) ids?: string[],
  ): AsyncIterableIterator<KpiUpdateType> {
    return this.subscriptions.kpiUpdated(principal, ids);
  }

  @Subscription(() => ScorecardChangeType, { resolve: asIs })
  @AnyRole()
  scorecardChanged(
    @CurrentPrincipal() principal: Principal,
    @Args('unit', { type: () => ID }) unit: string,
  ): AsyncIterableIterator<ScorecardChangeType> {
    return this.subscriptions.scorecardChanged(principal, unit);
  }

  @Subscription(() => AlertRaisedType, { resolve: asIs })
  @AnyRole()
  alertRaised(
    @CurrentPrincipal() principal: Principal,
    @Args('unit', { type: () => ID, nullable: true }) unit?: string,
  ): AsyncIterableIterator<AlertRaisedType> {
    return this.subscriptions.alertRaised(principal, unit);
  }

  @Subscription(() => AnomalyType, {
    resolve: asIs,
    description:
      "Anomalies as the detectors find them: the KPIs' input signals (with an `anomaly` alert rule configured), " +
      "values outside the forecast's 95 % interval and change points (for every KPI). `ids` and `unit` narrow it.",
  })
  @AnyRole()
  anomalyDetected(
    @CurrentPrincipal() principal: Principal,
    @Args('ids', { type: () => [ID], nullable: true }) ids?: string[],
    @Args('unit', { type: () => ID, nullable: true }) unit?: string,
  ): AsyncIterableIterator<AnomalyType> {
    return this.subscriptions.anomalyDetected(principal, ids, unit);
  }
}
