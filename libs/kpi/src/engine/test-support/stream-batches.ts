import { testSample, type SampleQuality, type SignalSample } from '@bsc/common';

/** One generated sample: `step` after the previous one's receipt, stamped `lateBy` before it; a batch may end there. */
export interface StreamEvent {
  signalId: string;
  step: number;
  lateBy: number;
  value: number;
  quality: SampleQuality;
  batchEnds: boolean;
}

/** Receipt order from `start`: batches of samples as a feed gets them, unique per signal and time. */
export function batchesOf(events: readonly StreamEvent[], start: number): SignalSample[][] {
  const batches: SignalSample[][] = [[]];
  const seen = new Set<string>();
  let now = start;
  for (const e of events) {
    now += e.step;
    const s = testSample(e.signalId, now - e.lateBy, e.value, e.quality);
    if (seen.has(`${s.signalId}@${s.ts}`)) continue;
    seen.add(`${s.signalId}@${s.ts}`);
    batches[batches.length - 1].push(s);
    if (e.batchEnds) batches.push([]);
  }
  return batches.filter((b) => b.length > 0);
}
