import type { KpiValue } from '@bsc/common';
import type { KpiScoring } from '@bsc/scorecard';
import { kpiAccumulation, type KpiDef } from '@bsc/twin';
import type { KpiForecastView } from '../../forecasts/forecast-provider.port';
import type { KpiValueRevision } from '../../stores/kpi-value.store';
import type { TwinIndex } from '../../twin/twin-index';
import type { KpiForecastType, KpiRevisionType, KpiType } from './kpi.types';

export function toKpiType(
  def: KpiDef,
  index: TwinIndex,
  periodKey: string,
  value: KpiValue | undefined,
  scoring: KpiScoring,
): KpiType {
  return {
    id: def.id,
    name: def.name,
    description: def.description ?? null,
    unit: def.unit,
    orgUnit: def.orgUnit,
    direction: def.direction,
    perspective: index.perspectiveOfKpi(def),
    objective: index.objectivesOfKpi(def.id)[0]?.id ?? null,
    owner: def.owner ?? null,
    formula: def.formula ?? null,
    manualEntry: def.manualEntry,
    reportingPeriod: def.period,
    periodKey,
    accumulation: kpiAccumulation(def),
    value: value?.value ?? null,
    target: scoring.target,
    toDateTarget: scoring.toDateTarget,
    phasing: scoring.phasing,
    status: scoring.status,
    score: scoring.score,
    quality: value ? { ...value.quality } : null,
    updatedAt: value ? new Date(value.asOf) : null,
  };
}

export function toKpiRevisionType(r: KpiValueRevision): KpiRevisionType {
  return {
    id: String(r.revisionId),
    periodKey: r.periodKey,
    value: r.value,
    origin: r.origin,
    recordedAt: new Date(r.recordedAt),
    enteredBy: r.enteredBy,
    comment: r.comment,
    modelVersion: r.modelVersion,
    quality: { ...r.quality },
  };
}

export function toKpiForecastType(f: KpiForecastView, horizon: number | undefined): KpiForecastType {
  const points = horizon === undefined ? f.points : f.points.slice(0, horizon);
  return {
    method: f.method,
    computedAt: new Date(f.computedAt),
    interval: f.interval,
    points: points.map((p) => ({ ...p, time: new Date(p.time) })),
    periodEnd: f.periodEnd ? { ...f.periodEnd } : null,
    // forecasts stored before provisional was known say nothing about it
    provisional: f.provisional ?? false,
    provisionalReason: f.provisional ? (f.provisionalReason ?? null) : null,
  };
}
