import { seededRandom, type SignalSample } from '@bsc/common';

/** Makes samples as the engine benches feed them: values 0.1 apart in [0, 100) from a seeded stream. */
export function seededSamples(seed: number): (signalId: string, ts: number) => SignalSample {
  const random = seededRandom(seed);
  return (signalId, ts) => ({
    signalId,
    ts,
    value: Math.round(random() * 1000) / 10,
    quality: 'good',
    source: 'bench',
  });
}

/** When the i-th of `total` samples is stamped: spread evenly over `spanMs` from `start`. */
export function spreadTs(i: number, total: number, start: number, spanMs: number): number {
  return start + Math.floor((i * spanMs) / total);
}
