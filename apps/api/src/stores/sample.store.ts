import type { SignalSample } from '@bsc/common';

/** Latest samples per signal; persistence's SampleRepository satisfies it. */
export interface SampleStore {
  latest(signalIds: readonly string[]): Promise<SignalSample[]>;
}

export const SAMPLE_STORE = Symbol('SAMPLE_STORE');
