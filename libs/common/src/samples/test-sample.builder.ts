import type { SampleQuality, SignalSample } from './signal-sample.types';

/**
 * A sample of `signalId` at `ts` from the `test` source, good unless said otherwise: the one sample builder the specs
 * of every lib and app share (exported here because apps may enter a lib only through its index).
 */
export const testSample = (
  signalId: string,
  ts: number,
  value: number,
  quality: SampleQuality = 'good',
): SignalSample => ({ signalId, ts, value, quality, source: 'test' });
