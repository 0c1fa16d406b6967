import type { Logger } from '@nestjs/common';
import type { AnomalyRepository } from '@bsc/persistence';
import type { AlertEvaluator, StoredAlert } from '@bsc/scorecard';

/**
 * When each restored anomaly alert's rule last counted an anomaly, by dedup key: the newest stored detection of its
 * KPI in its unit at or above its minScore, not planned (one read for all of them). Its hold runs from then, as in
 * the process that raised it; one with none stored (or a failed read) holds from the restart, as if just seen.
 *
 * A crash loses what waits in the anomaly write buffer (up to ANOMALY_WRITE_POLICY.flushIntervalMs, 1 s, with the
 * database up; more while it is away or when the buffer drops): a hold then runs from an older anomaly and may end
 * early, by as much as the lost one came after the newest stored one. Not made up for by a lower bound of (restart -
 * flush interval): the lost anomaly came before the crash, which the restart may follow by any time, so that bound
 * would hold every restored alert for about `hold` from the restart, the fault this reading removes. The evaluator
 * takes the alert's raise as a lower bound instead (the anomaly that raised it, stored or not, came then).
 */
export async function storedAnomalyHolds(
  anomalies: Pick<AnomalyRepository, 'newestDetectedAt'> | null,
  evaluator: AlertEvaluator,
  live: readonly StoredAlert[],
  logger: Pick<Logger, 'warn'>,
): Promise<Map<string, number>> {
  const subjects = evaluator.anomalyHoldsToRestore(live);
  const holds = new Map<string, number>();
  if (!anomalies || subjects.length === 0) return holds;
  try {
    const newest = await anomalies.newestDetectedAt(subjects);
    subjects.forEach(({ dedupKey }, i) => {
      const at = newest[i];
      if (at !== null) holds.set(dedupKey, at);
    });
  } catch (error) {
    logger.warn({ err: error }, 'stored anomalies not read: restored anomaly alerts hold from the restart');
  }
  return holds;
}

/**
 * Per condition whose latest alert was resolved by hand (an anomaly rule's, by dedup key), when the anomalies its rule
 * counts were detected after the resolution, oldest first (one read for all of them): each within the hold of the one
 * before prolonged the wait for the condition to clear, in the evaluation that resolved it or in one that would have
 * heard it (see AlertEvaluator.restore). A failed read is logged: the waits hold for their hold from the resolution.
 */
export async function storedAnomalyWaits(
  anomalies: Pick<AnomalyRepository, 'countedSince'> | null,
  evaluator: AlertEvaluator,
  resolvedByHand: readonly StoredAlert[],
  logger: Pick<Logger, 'warn'>,
): Promise<Map<string, number[]>> {
  const waits = evaluator.anomalyWaitsToRestore(resolvedByHand);
  const counted = new Map<string, number[]>();
  if (!anomalies || waits.length === 0) return counted;
  try {
    const found = await anomalies.countedSince(
      waits.map(({ kpiId, unitId, minScore, resolvedAt }) => ({ kpiId, unitId, minScore, detectedAfter: resolvedAt })),
    );
    waits.forEach(({ dedupKey }, i) =>
      counted.set(
        dedupKey,
        found[i].map((a) => a.detectedAt),
      ),
    );
  } catch (error) {
    logger.warn({ err: error }, 'stored anomalies not read: waits after a manual resolution hold from the resolution');
  }
  return counted;
}
