import { createHash } from 'node:crypto';

/**
 * The origin key of a dead letter (see DeadLetter.originKey): `kind` and a SHA-256 of the parts, each written with
 * its length so that no two different part lists hash the same bytes. Fits the column (128) whatever the parts.
 */
export function deadLetterOriginKey(kind: string, parts: ReadonlyArray<string | number | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'number' ? Buffer.from(String(part)) : Buffer.from(part);
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  return `${kind.slice(0, 60)}:${hash.digest('hex')}`;
}
