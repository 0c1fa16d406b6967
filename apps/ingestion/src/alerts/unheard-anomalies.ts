import type { Logger } from '@nestjs/common';
import type { AlertRepository, AnomalyRecord, AnomalyRepository, CountedAnomaliesSince } from '@bsc/persistence';
import type { AlertEvaluator, AnomalyHoldSubject, StoredAlert } from '@bsc/scorecard';

/** Where a starting evaluation reads back the anomalies no evaluation heard of (either absent: none are read). */
export interface UnheardAnomalyStore {
  anomalies: Pick<AnomalyRepository, 'countedSince'> | null;
  alerts: Pick<AlertRepository, 'lastResolvedAt'>;
}

/**
 * Scaled out, the KPI workers store and announce the signal anomalies; one announced while no evaluation ran (before
 * any started, or between a holder's death and its successor's start, beyond what the successor held) reached no
 * rule. A starting evaluation judges, for each anomaly rule's condition with no live alert (a live one's hold is read
 * back by storedAnomalyHolds), the stored anomalies it counts detected after both (a) its hold before `now` (older
 * ones would have cleared by now) and (b) the latest resolution of that condition's alert. (b) is what makes it
 * exact: an evaluation that judged an anomaly after that resolution would have raised an alert after it, and the
 * alert's condition then holds no resolution later than the anomaly. They are judged after the evaluator's restore,
 * which has a condition whose latest alert was resolved by hand wait again for it to clear (held for its hold from
 * the resolution): one within that wait raises nothing, as it would not have in the evaluation that heard it.
 * Several anomaly rules of one KPI are read together from the latest of their bounds (an anomaly is judged by all
 * the KPI's rules), so none is judged again. Oldest detection first; a failed read is logged and judges none.
 */
export async function unheardAnomalies(
  store: UnheardAnomalyStore,
  evaluator: AlertEvaluator,
  live: readonly StoredAlert[],
  now: number,
  logger: Pick<Logger, 'warn'>,
): Promise<AnomalyRecord[]> {
  const atRest = evaluator.anomalyConditionsAtRest(live);
  if (!store.anomalies || atRest.length === 0) return [];
  try {
    const resolved = await store.alerts.lastResolvedAt(atRest.map((s) => s.dedupKey));
    const lookups = lookupsPerKpi(atRest, resolved, now);
    const found = await store.anomalies.countedSince(lookups);
    return found.flat().sort((a, b) => a.detectedAt - b.detectedAt);
  } catch (error) {
    logger.warn({ err: error }, 'stored anomalies not read: those announced while no evaluation ran raise nothing');
    return [];
  }
}

/** One lookup per KPI and unit: the lowest minScore of its conditions, after the latest of their bounds. */
function lookupsPerKpi(
  atRest: readonly AnomalyHoldSubject[],
  resolved: ReadonlyMap<string, number>,
  now: number,
): CountedAnomaliesSince[] {
  const byKpi = new Map<string, CountedAnomaliesSince>();
  for (const { dedupKey, kpiId, unitId, minScore, holdMs } of atRest) {
    const detectedAfter = Math.max(now - holdMs, resolved.get(dedupKey) ?? -Infinity);
    const key = `${kpiId}\u0000${unitId}`;
    const known = byKpi.get(key);
    byKpi.set(
      key,
      known
        ? {
            ...known,
            minScore: Math.min(known.minScore, minScore),
            detectedAfter: Math.max(known.detectedAfter, detectedAfter),
          }
        : { kpiId, unitId, minScore, detectedAfter },
    );
  }
  return [...byKpi.values()];
}
