import { createHash } from 'node:crypto';

/** JSON with object keys sorted and undefined members dropped, so equal documents give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

export function canonicalChecksum(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * A copy with sorted keys, as plain objects: V8 keeps an object without a prototype as a dictionary, which made the
 * copy and its stringification twice as slow (bench:model-checksum). The text is the same either way.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    // keys come from the document: assigned, a `__proto__` key would set the prototype instead of a member
    if (key === '__proto__') Object.defineProperty(sorted, key, { ...OWN_MEMBER, value: sortKeys(member) });
    else sorted[key] = sortKeys(member);
  }
  return sorted;
}

const OWN_MEMBER = { enumerable: true, writable: true, configurable: true } as const;
