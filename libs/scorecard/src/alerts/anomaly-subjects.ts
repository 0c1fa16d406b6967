import { parseDuration } from '@bsc/common';
import { DEFAULT_ANOMALY_HOLD, DEFAULT_ANOMALY_MIN_SCORE } from './alert-conditions';
import type { AnomalyHoldSubject, StoredAlert } from './alert.types';
import { resolvedByHand, type Watch } from './restored-alert';

/** The anomaly rules' conditions among `watches`, by dedup key, with what their rules count. */
export function anomalySubjects(watches: Iterable<Watch>): Map<string, AnomalyHoldSubject> {
  const subjects = new Map<string, AnomalyHoldSubject>();
  for (const { key: dedupKey, rule, kpi } of watches) {
    if (rule.kind !== 'anomaly') continue;
    const minScore = rule.minScore ?? DEFAULT_ANOMALY_MIN_SCORE;
    const holdMs = parseDuration(rule.hold ?? DEFAULT_ANOMALY_HOLD) ?? 0;
    subjects.set(dedupKey, { dedupKey, kpiId: kpi.id, unitId: kpi.orgUnit, minScore, holdMs });
  }
  return subjects;
}

/** Those of `subjects` whose latest alert among `stored` was resolved by hand (none live), with the resolution. */
export function anomalyWaits(
  subjects: ReadonlyMap<string, AnomalyHoldSubject>,
  stored: readonly StoredAlert[],
): Array<AnomalyHoldSubject & { resolvedAt: number }> {
  const live = new Set(stored.filter((s) => s.status !== 'resolved').map((s) => s.dedupKey));
  return stored.flatMap((s) => {
    const subject = subjects.get(s.dedupKey);
    if (!subject || live.has(s.dedupKey) || !resolvedByHand(s) || s.resolvedAt == null) return [];
    return [{ ...subject, resolvedAt: s.resolvedAt }];
  });
}
