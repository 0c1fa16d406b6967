import type { SampleQuality } from '@bsc/common';
import { SampleAccumulator } from '../aggregation/sample-accumulator';
import type { ExactSum } from '../aggregation/exact-sum';
import type { NumberReader, NumberWriter } from './number-stream';

const QUALITIES: readonly SampleQuality[] = ['good', 'uncertain', 'bad'];

export function qualityCode(quality: SampleQuality): number {
  return QUALITIES.indexOf(quality);
}

export function qualityOf(code: number): SampleQuality {
  const quality = QUALITIES[code];
  if (quality === undefined) throw new RangeError(`checkpoint quality code ${code} is unknown`);
  return quality;
}

/** Every field of a period summary, in a fixed order (exact sums as their partials). */
export function writeAccumulator(out: NumberWriter, acc: SampleAccumulator): void {
  out.push(acc.count);
  out.push(acc.uncertain);
  out.push(acc.bad);
  out.push(acc.intSum);
  out.push(acc.intSumSq);
  out.pushList(acc.sum.partials());
  out.pushList(acc.sumSq.partials());
  out.push(acc.min);
  out.push(acc.max);
  out.push(acc.firstTs);
  out.push(acc.firstValue);
  out.push(acc.lastTs);
  out.push(acc.lastValue);
  out.push(qualityCode(acc.lastQuality));
  out.push(acc.heldInt);
  out.pushList(acc.held.partials());
  out.push(acc.heldMs);
  out.push(acc.increaseInt);
  out.pushList(acc.increase.partials());
}

export function readAccumulator(input: NumberReader): SampleAccumulator {
  const acc = new SampleAccumulator();
  acc.count = input.count();
  acc.uncertain = input.count();
  acc.bad = input.count();
  acc.intSum = input.next();
  acc.intSumSq = input.next();
  readSum(input, acc.sum);
  readSum(input, acc.sumSq);
  acc.min = input.next();
  acc.max = input.next();
  acc.firstTs = input.next();
  acc.firstValue = input.next();
  acc.lastTs = input.next();
  acc.lastValue = input.next();
  acc.lastQuality = qualityOf(input.next());
  acc.heldInt = input.next();
  readSum(input, acc.held);
  acc.heldMs = input.next();
  acc.increaseInt = input.next();
  readSum(input, acc.increase);
  return acc;
}

/** Partials added back to an empty sum: the same exact value, so every later result is bit-identical. */
function readSum(input: NumberReader, into: ExactSum): void {
  const n = input.count();
  for (let i = 0; i < n; i++) into.add(input.next());
}
