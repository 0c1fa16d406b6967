import type { LoggerService } from '@nestjs/common';
import type { SampleIntake } from '../../pipeline/sample-intake.port';
import { historyBatches, type BackfillPlan } from './history-backfill';

export interface BackfillProgress {
  state: 'pending' | 'skipped' | 'running' | 'done' | 'failed' | 'aborted';
  submitted: number;
  accepted: number;
  /** Share of the window generated so far, 0..1. */
  done: number;
  elapsedMs: number;
  detail?: string;
}

/**
 * Feeds the generated history to the pipeline, one batch in flight (submit resolves after the durable store,
 * which is the backpressure), logging progress every tenth of the window. `shouldStop` aborts between batches.
 */
export async function runBackfill(
  plan: BackfillPlan,
  intake: SampleIntake,
  logger: LoggerService,
  progress: BackfillProgress,
  shouldStop: () => boolean,
): Promise<BackfillProgress> {
  const started = Date.now();
  const windowStart = plan.end - plan.days * 86_400_000;
  Object.assign(progress, { state: 'running', submitted: 0, accepted: 0, done: 0, elapsedMs: 0 });
  logger.log?.(`simulator backfill: ${formatSpan(plan.days)}, plant step ${plan.stepMs / 1000} s, seed ${plan.seed}`);
  let nextLog = 0.1;
  try {
    for (const batch of historyBatches(plan)) {
      if (shouldStop()) {
        progress.state = 'aborted';
        break;
      }
      const result = await intake.submit(batch);
      // A store that answers synchronously (SQLite) resolves in microtasks only: yield so HTTP and timers run.
      await new Promise<void>((resolve) => setImmediate(resolve));
      progress.submitted += batch.length;
      progress.accepted += result.accepted;
      progress.done = Math.min(1, (batch[batch.length - 1].ts - windowStart) / (plan.end - windowStart));
      progress.elapsedMs = Date.now() - started;
      if (progress.done >= nextLog) {
        logger.log?.(
          `simulator backfill ${Math.round(progress.done * 100)} %: ${progress.submitted} samples in ${Math.round(progress.elapsedMs / 1000)} s`,
        );
        nextLog = Math.floor(progress.done * 10) / 10 + 0.1;
      }
    }
    if (progress.state === 'running') progress.state = 'done';
  } catch (error) {
    progress.state = 'failed';
    progress.detail = (error as Error).message;
    logger.error(`simulator backfill failed after ${progress.submitted} samples: ${progress.detail}`);
  }
  progress.elapsedMs = Date.now() - started;
  const rate = Math.round(progress.submitted / Math.max(0.001, progress.elapsedMs / 1000));
  logger.log?.(
    `simulator backfill ${progress.state}: ${progress.submitted} samples (${progress.accepted} accepted) in ${(progress.elapsedMs / 1000).toFixed(1)} s, ${rate}/s`,
  );
  return progress;
}

/** "180 days", "5.3 h" or "12 min": catch-up windows after a restart are often short. */
export function formatSpan(days: number): string {
  if (days >= 2) return `${Math.round(days * 10) / 10} days`;
  const hours = days * 24;
  return hours >= 1 ? `${Math.round(hours * 10) / 10} h` : `${Math.round(hours * 60)} min`;
}
