import { PipelineProgress, type StallReport } from '../pipeline/pipeline-progress';

/**
 * The KPI feed's engine work (rebuilds, import polls, checkpoints: all use the one engine), one task at a time, and
 * whether it moves: tasks waiting while none finishes for the stall bound mean the engine is stuck.
 */
export class KpiWorkQueue {
  private tail: Promise<void> = Promise.resolve();
  private readonly progress = new PipelineProgress();

  /** Runs `task` after those queued before it; rejects as it does, without holding up the next. */
  run(task: () => Promise<void>): Promise<void> {
    return this.progress.track(() => {
      const run = this.tail.then(task).finally(() => this.progress.progressed());
      this.tail = run.catch(() => undefined);
      return run;
    });
  }

  /** Resolves once the work queued so far is done. */
  settled(): Promise<void> {
    return this.tail;
  }

  report(stallAfterMs: number): StallReport {
    return this.progress.report(stallAfterMs);
  }
}
