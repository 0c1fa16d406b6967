import { Inject, Injectable } from '@nestjs/common';
import { BscError, BscErrorCode, type KpiValue } from '@bsc/common';
import { EVENT_BUS, type BscEventMap, type BscEventName, type EventBus } from '@bsc/events';
import type { Principal } from '../auth/principal';
import { assertUnitVisible, canSeeUnit } from '../auth/unit-scope';
import { AnomalyKindEnum, type AnomalyType } from '../anomalies/dto/anomaly.types';
import { TwinIndexService } from '../twin/twin-index.service';
import { type AlertRaisedType, type KpiUpdateType, type ScorecardChangeType } from './dto/subscription.types';
import { eventStream } from './event-stream';

export const MAX_SUBSCRIBED_IDS = 500;

/** Bus events as per-subscriber streams, filtered by the subscriber's arguments and unit grant at every event. */
@Injectable()
export class SubscriptionService {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly twin: TwinIndexService,
  ) {}

  kpiUpdated(principal: Principal, ids: readonly string[] | undefined): AsyncIterableIterator<KpiUpdateType> {
    if (ids && ids.length > MAX_SUBSCRIBED_IDS)
      throw new BscError(BscErrorCode.BadInput, `ids: at most ${MAX_SUBSCRIBED_IDS} KPI ids`, 'ids');
    const wanted = ids ? new Set(ids) : null;
    const update = (value: KpiValue, modelVersion: number): KpiUpdateType | null => {
      if (wanted && !wanted.has(value.kpiId)) return null;
      const index = this.twin.current();
      const unitId = index.kpis.get(value.kpiId)?.orgUnit;
      if (!unitId || !canSeeUnit(principal, index, unitId)) return null;
      return {
        kpiId: value.kpiId,
        unitId,
        periodKey: value.periodKey,
        value: value.value,
        asOf: new Date(value.asOf),
        computedAt: new Date(value.computedAt),
        quality: { ...value.quality },
        origin: value.origin,
        modelVersion,
      };
    };
    return eventStream(this.bus, ['kpi.updated', 'kpis.updated'], (name, payload) => {
      if (name === 'kpi.updated') {
        const { value, modelVersion } = payload as BscEventMap['kpi.updated'];
        return update(value, modelVersion);
      }
      const { values, modelVersion } = payload as BscEventMap['kpis.updated'];
      return values.map((value) => update(value, modelVersion)).filter((u): u is KpiUpdateType => u !== null);
    });
  }

  /** Changes of the unit or anything below it (a child's change moves the parent's roll-up). */
  scorecardChanged(principal: Principal, unit: string): AsyncIterableIterator<ScorecardChangeType> {
    assertUnitVisible(principal, this.twin.current(), unit, 'unit');
    const names: BscEventName[] = ['scorecard.changed', 'kpi.updated', 'kpis.updated'];
    return eventStream(this.bus, names, (name, payload) => {
      const index = this.twin.current();
      const visible = (change: ScorecardChangeType | null) =>
        change !== null && index.unitSubtree(unit).has(change.unitId) && canSeeUnit(principal, index, change.unitId);
      const ofValue = (value: KpiValue): ScorecardChangeType | null => {
        const unitId = index.kpis.get(value.kpiId)?.orgUnit;
        return unitId ? { unitId, at: new Date(value.computedAt), kpiId: value.kpiId } : null;
      };
      if (name === 'kpis.updated') {
        return (payload as BscEventMap['kpis.updated']).values
          .map(ofValue)
          .filter((c): c is ScorecardChangeType => visible(c));
      }
      const p = payload as BscEventMap['scorecard.changed'] | BscEventMap['kpi.updated'];
      const change = 'value' in p ? ofValue(p.value) : { unitId: p.unitId, at: new Date(p.at), kpiId: null };
      return visible(change) ? change : null;
    });
  }

  alertRaised(principal: Principal, unit: string | undefined): AsyncIterableIterator<AlertRaisedType> {
    if (unit) assertUnitVisible(principal, this.twin.current(), unit, 'unit');
    return eventStream(this.bus, ['alert.raised'], (_name, payload) => {
      const alert = payload as BscEventMap['alert.raised'];
      const index = this.twin.current();
      if ((unit && !index.unitSubtree(unit).has(alert.unitId)) || !canSeeUnit(principal, index, alert.unitId))
        return null;
      return { ...alert, kpiId: alert.kpiId ?? null, at: new Date(alert.at) };
    });
  }

  /** Anomalies of the KPIs in `ids` (all visible KPIs when omitted), of the unit and below when `unit` is given. */
  anomalyDetected(
    principal: Principal,
    ids: readonly string[] | undefined,
    unit: string | undefined,
  ): AsyncIterableIterator<AnomalyType> {
    if (ids && ids.length > MAX_SUBSCRIBED_IDS)
      throw new BscError(BscErrorCode.BadInput, `ids: at most ${MAX_SUBSCRIBED_IDS} KPI ids`, 'ids');
    if (unit) assertUnitVisible(principal, this.twin.current(), unit, 'unit');
    const wanted = ids ? new Set(ids) : null;
    return eventStream(this.bus, ['anomalies.detected'], (_name, payload) => {
      const index = this.twin.current();
      const below = unit ? index.unitSubtree(unit) : null;
      const found: AnomalyType[] = [];
      for (const a of (payload as BscEventMap['anomalies.detected']).anomalies) {
        const unitId = index.kpis.get(a.kpiId)?.orgUnit;
        if (!unitId || (wanted && !wanted.has(a.kpiId)) || (below && !below.has(unitId))) continue;
        if (!canSeeUnit(principal, index, unitId)) continue;
        const { ts, kind, planned, ...rest } = a;
        found.push({ ...rest, kind: AnomalyKindEnum[kind], unitId, at: new Date(ts), planned: planned === true });
      }
      return found;
    });
  }
}
