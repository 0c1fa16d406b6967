import type { SignalSample } from '@bsc/common';
import type { CatalogSignal } from '@bsc/twin';

/**
 * Drops samples whose value moved less than the signal's deadband since the last value kept. A quality change
 * always passes, and so does the first sample of a signal; percent deadbands are relative to the last kept value.
 */
export class DeadbandFilter {
  private readonly last = new Map<string, { value: number; quality: SignalSample['quality'] }>();

  /** True when the sample should be stored. */
  pass(sample: SignalSample, signal: CatalogSignal): boolean {
    const deadband = signal.deadband;
    if (!deadband || deadband.value <= 0) return true;
    const previous = this.last.get(sample.signalId);
    if (previous && previous.quality === sample.quality) {
      const delta = Math.abs(sample.value - previous.value);
      const limit = deadband.type === 'absolute' ? deadband.value : (Math.abs(previous.value) * deadband.value) / 100;
      if (delta < limit) return false;
    }
    this.last.set(sample.signalId, { value: sample.value, quality: sample.quality });
    return true;
  }

  reset(): void {
    this.last.clear();
  }
}
