/**
 * Two independent 32-bit FNV-1a lanes over the values' IEEE 754 bytes (every bit of every value counts): what keys
 * of results computed from a series (its errors, its method choice) hold of it.
 */
export function seriesFingerprint(values: readonly number[]): string {
  return fingerprintOf(Float64Array.from(values));
}

/**
 * The fingerprint of the parts one after the other (seriesFingerprint of their concatenation), without building
 * that array: `flat()` of 10,000 KPI histories of a year took about a second on every forecast cycle.
 */
export function partsFingerprint(parts: readonly (readonly number[])[]): string {
  let length = 0;
  for (const part of parts) length += part.length;
  const values = new Float64Array(length);
  let at = 0;
  for (const part of parts) for (let i = 0; i < part.length; i++) values[at++] = part[i];
  return fingerprintOf(values);
}

function fingerprintOf(values: Float64Array): string {
  const words = new Uint32Array(values.buffer);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ values.length;
  for (let i = 0; i < words.length; i++) {
    a = Math.imul(a ^ words[i], 0x01000193);
    b = Math.imul(b ^ words[words.length - 1 - i], 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `${(a >>> 0).toString(36)}.${(b >>> 0).toString(36)}`;
}
