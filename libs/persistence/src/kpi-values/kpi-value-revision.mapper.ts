import type { KpiValue } from '@bsc/common';
import { KpiValueRevisionEntity } from '../entities/kpi-value-revision.entity';
import type { KpiValueRevision } from './kpi-value-revision.types';

export function toKpiValueRevision(entity: KpiValueRevisionEntity): KpiValueRevision {
  return {
    revisionId: entity.id,
    kpiId: entity.kpiId,
    periodKey: entity.periodKey,
    periodStart: entity.periodStart,
    periodEnd: entity.periodEnd,
    value: entity.value,
    asOf: entity.asOf,
    computedAt: entity.computedAt,
    quality: { coverage: entity.coverage, stale: entity.stale, quality: entity.quality },
    origin: entity.origin,
    modelVersion: entity.modelVersion,
    recordedAt: entity.recordedAt,
    enteredBy: entity.enteredBy,
    comment: entity.comment,
  };
}

export function toKpiValueRevisionRow(
  value: KpiValue,
  modelVersion: number,
  recordedAt: number,
  enteredBy: string | null,
  comment: string | null,
): Omit<KpiValueRevisionEntity, 'id'> {
  return {
    kpiId: value.kpiId,
    periodKey: value.periodKey,
    periodStart: value.periodStart,
    periodEnd: value.periodEnd,
    value: value.value,
    coverage: value.quality.coverage,
    stale: value.quality.stale,
    quality: value.quality.quality,
    origin: value.origin,
    asOf: value.asOf,
    computedAt: value.computedAt,
    modelVersion,
    recordedAt,
    enteredBy,
    comment,
  };
}

/** Same reading as before: a revision would only repeat what is already known. */
export function sameReading(a: Omit<KpiValueRevisionEntity, 'id'>, b: KpiValueRevision): boolean {
  return (
    a.value === b.value &&
    a.coverage === b.quality.coverage &&
    a.stale === b.quality.stale &&
    a.quality === b.quality.quality &&
    a.origin === b.origin &&
    a.periodStart === b.periodStart &&
    a.periodEnd === b.periodEnd &&
    a.modelVersion === b.modelVersion &&
    a.enteredBy === b.enteredBy &&
    a.comment === b.comment
  );
}
