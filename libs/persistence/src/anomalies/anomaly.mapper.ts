import type { AnomalyEntity } from '../entities/anomaly.entity';
import type { AnomalyKind } from '@bsc/common';
import type { AnomalyRecord } from './anomaly.types';

/** The key column's stand-in for "no signal" (the KPI's own kinds). */
export const NO_SIGNAL = '';

export function toAnomalyRecord(e: AnomalyEntity): AnomalyRecord {
  return {
    kind: e.kind as AnomalyKind,
    kpiId: e.kpiId,
    signalId: e.signalId === NO_SIGNAL ? null : e.signalId,
    unitId: e.unitId,
    ts: e.ts,
    score: e.score,
    value: e.value,
    expected: e.expected,
    lower: e.lower,
    upper: e.upper,
    periodKey: e.periodKey,
    detectedAt: e.detectedAt,
    ...(e.planned ? { planned: true } : {}),
  };
}

/**
 * The bound values of one row, in the column order of AnomalyRepository's insert; `bool` binds a flag (SQLite takes
 * 0/1, PostgreSQL a boolean).
 */
export function anomalyRowValues(a: AnomalyRecord, bool: (flag: boolean) => unknown): unknown[] {
  return [
    a.kpiId,
    a.ts,
    a.kind,
    a.signalId ?? NO_SIGNAL,
    a.unitId,
    a.score,
    a.value,
    a.expected,
    a.lower,
    a.upper,
    a.periodKey,
    a.detectedAt,
    bool(a.planned === true),
  ];
}
