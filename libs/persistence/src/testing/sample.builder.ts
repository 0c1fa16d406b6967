import type { SignalSample } from '@bsc/common';

export function aSample(overrides: Partial<SignalSample> = {}): SignalSample {
  return {
    signalId: 'line1.speed',
    ts: 1_700_000_000_000,
    value: 42.5,
    quality: 'good',
    source: 'simulator',
    ...overrides,
  };
}

/** `count` samples of one signal, one per `stepMs`, values 0, 1, 2... */
export function sampleSeries(signalId: string, startTs: number, count: number, stepMs = 1_000): SignalSample[] {
  return Array.from({ length: count }, (_, i) => aSample({ signalId, ts: startTs + i * stepMs, value: i }));
}
