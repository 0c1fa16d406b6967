import type { SampleQuality, SignalSample } from './signal-sample.types';

const HOUR = 3_600_000;

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

/**
 * One good sample an hour from `from` up to, not including, `to`: a steady hourly count as history, or, when `value`
 * is a function of the time, a counter or a varying reading.
 */
export function hourlySamples(
  signalId: string,
  from: number,
  to: number,
  value: number | ((ts: number) => number),
  source = 'test',
): SignalSample[] {
  const valueAt = typeof value === 'number' ? () => value : value;
  const samples: SignalSample[] = [];
  for (let ts = from; ts < to; ts += HOUR) samples.push({ ...testSample(signalId, ts, valueAt(ts)), source });
  return samples;
}
