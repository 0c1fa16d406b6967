import type { SignalSample } from '@bsc/common';

/** Latest samples per signal (persistence's SampleRepository satisfies it structurally). */
export interface SampleStore {
  latest(signalIds: readonly string[]): Promise<SignalSample[]>;
}

export const SAMPLE_STORE = Symbol('SAMPLE_STORE');

export class InMemorySampleStore implements SampleStore {
  private readonly newest = new Map<string, SignalSample>();
  reads = 0;

  add(sample: SignalSample): void {
    const known = this.newest.get(sample.signalId);
    if (!known || sample.ts >= known.ts) this.newest.set(sample.signalId, { ...sample });
  }

  async latest(signalIds: readonly string[]): Promise<SignalSample[]> {
    this.reads += 1;
    return signalIds.flatMap((id) => (this.newest.has(id) ? [{ ...(this.newest.get(id) as SignalSample) }] : []));
  }
}
