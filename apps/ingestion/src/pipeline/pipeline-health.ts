import type { HealthCheckResult } from '@bsc/app-kit';
import type { StallReport } from './pipeline-progress';

const seconds = (report: StallReport): number => Math.round(report.sinceProgressMs / 1000);

/**
 * The pipeline's readiness: degraded once samples, or dead letters, have waited the stall bound with no write of
 * their kind completing; the reason names each kind that is stuck. `report` is both as one (see combinedStall).
 */
export function pipelineHealth(
  report: StallReport,
  samples: StallReport,
  deadLetters: StallReport,
  figures: { bufferDepth: number; quarantined: number },
): HealthCheckResult {
  const detail = { ...report, samples, deadLetters, ...figures };
  if (!report.stalled) return { ok: true, detail };
  const reason = [
    samples.stalled &&
      `${samples.waiting} submission(s) waiting for their samples and none stored for ${seconds(samples)} s`,
    deadLetters.stalled &&
      `${deadLetters.waiting} submission(s) waiting for their dead letters and none dead-lettered for ${seconds(deadLetters)} s`,
  ]
    .filter(Boolean)
    .join('; ');
  return { ok: false, detail: { ...detail, reason } };
}
