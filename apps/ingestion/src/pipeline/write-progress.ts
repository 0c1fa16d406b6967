import { combinedStall, PipelineProgress, type StallReport } from './pipeline-progress';

/**
 * The pipeline's two write paths, each watched on its own (dead letters written meanwhile do not hide sample writes
 * that hang), and their stall as one (what the metric and the data-source view show).
 */
export class WriteProgress {
  readonly samples = new PipelineProgress();
  readonly deadLetters = new PipelineProgress();

  constructor(private readonly stallAfterMs: number) {}

  report(): { report: StallReport; samples: StallReport; deadLetters: StallReport } {
    const samples = this.samples.report(this.stallAfterMs);
    const deadLetters = this.deadLetters.report(this.stallAfterMs);
    return { report: combinedStall([samples, deadLetters]), samples, deadLetters };
  }
}
