import type { AnomalyRecord } from '@bsc/persistence';
import type { AlertRuntimeRig } from './alert-runtime-rig';

/** A signal anomaly of `quality`'s input, stored at `detectedAt` (score 0.9 unless given: above minScore 0.5). */
export function aWorkerAnomaly(detectedAt: number, score = 0.9): AnomalyRecord {
  const found = { kind: 'signal' as const, kpiId: 'quality', signalId: 'line1.good', ts: detectedAt, score };
  return {
    ...found,
    value: 50,
    expected: null,
    lower: null,
    upper: null,
    periodKey: null,
    unitId: 'plant',
    detectedAt,
  };
}

/**
 * The anomaly an evaluation told and stored at `noon` (of a day in November 2026): `quality` at 100 against the band
 * [94, 97] that yesterday's forecast holds at noon. Middle 95.5, σ = 1.5 / 1.96 = 0.7653, z = 4.5 / 0.7653 = 5.880:
 * two-sided p = 4.11e-9, surprise 8.387 decades, score 8.387 / 13.387 = 0.6265 (at or above minScore 0.5).
 */
export function toldAtNoon(noon: number): AnomalyRecord {
  return {
    kind: 'kpi_interval',
    kpiId: 'quality',
    signalId: null,
    ts: noon,
    score: 0.6265,
    value: 100,
    expected: 95.5,
    lower: 94,
    upper: 97,
    periodKey: '2026-11',
    unitId: 'plant',
    detectedAt: noon,
  };
}

/** An alert of the anomaly rule `odd` on `quality`, raised at `raisedAt` (an earlier evaluation heard its anomaly). */
export async function raisedAndResolvedByHand(rig: AlertRuntimeRig, raisedAt: number, at: number): Promise<void> {
  const { alert } = await rig.alerts.raise({
    rule: 'odd',
    kpiId: 'quality',
    unitId: 'plant',
    severity: 'warning',
    message: 'odd',
    dedupKey: 'odd|quality|plant',
    raisedAt,
  });
  await rig.alerts.resolve(alert.id, at, 'line-lead');
}
