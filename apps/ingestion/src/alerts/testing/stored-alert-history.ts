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
