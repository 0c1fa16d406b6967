import type { HealthCheckResult } from '@bsc/app-kit';
import type { StallReport } from '../pipeline/pipeline-progress';

const seconds = (ms: number): number => Math.round(ms / 1000);

/**
 * The KPI feed's readiness: degraded once stored batches have been held back (behind a rebuild for a late sample) or
 * engine tasks have waited with none finishing, for the stall bound; the reason says which and how many. The held
 * samples are in memory until the rebuild ends, so their count is always in the detail.
 */
export function kpiFeedHealth(
  queue: StallReport,
  held: { batches: readonly { length: number }[]; forMs: number },
  stallAfterMs: number,
): HealthCheckResult {
  const heldBatches = held.batches.length;
  const heldSamples = held.batches.reduce((n, batch) => n + batch.length, 0);
  const heldStalled = heldBatches > 0 && held.forMs >= stallAfterMs;
  const stalled = queue.stalled || heldStalled;
  const detail = { ...queue, stalled, heldBatches, heldSamples, heldForMs: held.forMs };
  if (!stalled) return { ok: true, detail };
  const reason = [
    heldStalled &&
      `${heldBatches} stored batch(es) (${heldSamples} samples) held back for ${seconds(held.forMs)} s while the KPI engine is rebuilt`,
    queue.stalled &&
      `${queue.waiting} KPI engine task(s) waiting and none finished for ${seconds(queue.sinceProgressMs)} s`,
  ]
    .filter(Boolean)
    .join('; ');
  return { ok: false, detail: { ...detail, reason } };
}
