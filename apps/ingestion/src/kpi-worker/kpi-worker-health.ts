import type { HealthCheckResult } from '@bsc/app-kit';
import type { StuckPartition } from '@bsc/cluster';

/**
 * The KPI worker's readiness: degraded once a partition it holds has had work waiting (a batch the handler keeps
 * failing on, or a takeover that does not finish) for the stall bound, with the partitions and the last error. A
 * worker holding no partition is ready: the others hold them.
 */
export function kpiWorkerHealth(held: readonly number[], stuck: readonly StuckPartition[]): HealthCheckResult {
  const detail = { partitions: [...held], stuck: stuck.map((s) => ({ ...s, sinceMs: Math.round(s.sinceMs) })) };
  if (stuck.length === 0) return { ok: true, detail };
  const oldest = Math.max(...stuck.map((s) => s.sinceMs));
  const error = stuck.find((s) => s.error !== null)?.error;
  const reason =
    `partition${stuck.length === 1 ? '' : 's'} ${stuck.map((s) => s.partition).join(', ')} not moving for ` +
    `${Math.round(oldest / 1000)} s${error ? `: ${error}` : ''}`;
  return { ok: false, detail: { ...detail, reason } };
}
