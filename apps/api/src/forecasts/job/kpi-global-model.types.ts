import type { GlobalWindowModel } from '@bsc/forecasting';

/** What happened to the global model in one forecast run (logged, and returned with the run's output). */
export interface KpiGlobalReport {
  trained: boolean;
  reason: string;
  /** Kept from an earlier run: its training data (the KPIs' complete days) has not changed since. */
  kept?: boolean;
  /** Daily KPI series with a training part (their last h complete days held out). */
  series: number;
  windows: number;
  parameters: number;
  epochs?: number;
  stoppedBy?: GlobalWindowModel['stoppedBy'];
  trainMs?: number;
  backend?: string;
  /** Series (KPIs and formula terms) where the model joined the chosen method; filled by the job. */
  joined?: string[];
}

export interface KpiGlobalModel {
  model?: GlobalWindowModel;
  report: KpiGlobalReport;
  /** What the model (or the decision not to train one) depends on: the training settings and data. */
  key?: string;
}
