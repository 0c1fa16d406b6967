import type { SignalSample } from '@bsc/common';
import type { SampleHistory, SampleReplayOptions } from '@bsc/persistence';

/** Stored samples as the API reads them; persistence's SampleRepository satisfies it. */
export interface SampleStore {
  latest(signalIds: readonly string[]): Promise<SignalSample[]>;
  /** Samples in time order, page by page (time travel recomputes past KPI values from them). */
  replay(options?: SampleReplayOptions): AsyncIterable<SignalSample[]>;
  /** Per signal its newest and newest usable sample before `before`, received by `receivedBy`: a replay's carry-in. */
  carriedIn(signalIds: readonly string[], before: number, receivedBy?: number): Promise<SignalSample[]>;
  /** Numeric samples of a signal in [from, to): raw when at most maxPoints, else min/max buckets. */
  history(signalId: string, from: number, to: number, maxPoints: number): Promise<SampleHistory>;
}

export const SAMPLE_STORE = Symbol('SAMPLE_STORE');
