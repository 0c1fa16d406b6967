import { lowerBound } from '@bsc/common';

/** Inserts ts keeping `stamps` sorted; its position, or -1 when it is already there. In-order streams append in O(1). */
export function insertStamp(stamps: number[], ts: number): number {
  const n = stamps.length;
  if (n === 0 || ts > stamps[n - 1]) {
    stamps.push(ts);
    return n;
  }
  const at = lowerBound(stamps, ts);
  if (stamps[at] === ts) return -1;
  stamps.splice(at, 0, ts);
  return at;
}

export function insertValue(values: number[], at: number, value: number): void {
  if (at === values.length) values.push(value);
  else values.splice(at, 0, value);
}
