import type { SignalSample } from '@bsc/common';
import type { SampleReplayOptions } from '@bsc/persistence';

/** Stored samples as the API reads them; persistence's SampleRepository satisfies it. */
export interface SampleStore {
  latest(signalIds: readonly string[]): Promise<SignalSample[]>;
  /** Samples in time order, page by page (time travel recomputes past KPI values from them). */
  replay(options?: SampleReplayOptions): AsyncIterable<SignalSample[]>;
}

export const SAMPLE_STORE = Symbol('SAMPLE_STORE');
