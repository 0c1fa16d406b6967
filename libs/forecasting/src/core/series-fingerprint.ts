/**
 * Two independent 32-bit FNV-1a lanes over the values' IEEE 754 bytes (every bit of every value counts): what keys
 * of results computed from a series (its errors, its method choice) hold of it.
 */
export function seriesFingerprint(values: readonly number[]): string {
  const words = new Uint32Array(Float64Array.from(values).buffer);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ values.length;
  for (let i = 0; i < words.length; i++) {
    a = Math.imul(a ^ words[i], 0x01000193);
    b = Math.imul(b ^ words[words.length - 1 - i], 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}
