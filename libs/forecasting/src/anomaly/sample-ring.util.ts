/*
 * Reading the detector's rings: fixed-length Float64Arrays written at `count % length`, where `count` is the number of
 * samples added so far. Plain functions over the arrays, so a detector carries no object per ring.
 */
import { medianInPlace } from './order-statistics';

/**
 * Medians need a scratch copy only inside a detector's update(), one detector at a time: one buffer serves every
 * detector (100 000 signals must not carry 100 000 of them).
 */
let scratch = new Float64Array(0);

export function scratchOf(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(length);
  return scratch;
}

/**
 * Value of a ring `back` samples before the current one (history: 1 = the last one added; others: 0 = now).
 * Callers never reach before the first value; the offset only keeps the index non-negative.
 */
export function ringPast(ring: Float64Array, count: number, back: number): number {
  return ring[(count - back + ring.length * 4) % ring.length];
}

/** Median of `length` consecutive values of a ring, the most recent `from` samples back. */
export function ringMedian(ring: Float64Array, count: number, from: number, length: number): number {
  const copy = scratchOf(length);
  for (let i = 0; i < length; i++) copy[i] = ringPast(ring, count, from + i);
  return medianInPlace(copy, length);
}
