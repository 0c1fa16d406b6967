import type { AnomalyRecord } from '../../stores/anomaly.store';
import { AnomalyKindEnum, type AnomalyType } from './anomaly.types';

export function toAnomalyType(a: AnomalyRecord): AnomalyType {
  return {
    kind: AnomalyKindEnum[a.kind],
    kpiId: a.kpiId,
    unitId: a.unitId,
    signalId: a.signalId,
    at: new Date(a.ts),
    score: a.score,
    value: a.value,
    expected: a.expected,
    lower: a.lower,
    upper: a.upper,
    periodKey: a.periodKey,
    planned: a.planned === true,
  };
}
