import type { SampleQuality, SignalSample } from '@bsc/common';

/**
 * A sample of `signalId` at `ts` from the test source, good unless said otherwise: the app's copy of the KPI engine
 * specs' builder (libs/kpi test-support), which an app cannot import.
 */
export const sample = (signalId: string, ts: number, value: number, quality: SampleQuality = 'good'): SignalSample => ({
  signalId,
  ts,
  value,
  quality,
  source: 'test',
});
