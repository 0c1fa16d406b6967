import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** Keys look like `bsc_<43 base64url chars>`; the prefix makes leaked keys easy to find by secret scanners. */
export const API_KEY_PREFIX = 'bsc_';

export function generateApiKey(): { id: string; key: string; hashedKey: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { id: randomUUID(), key, hashedKey: hashApiKey(key) };
}

/** sha256 is enough: keys carry 256 random bits, so there is nothing to brute-force that a slow hash would protect. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function encodeUnitScope(units: readonly string[] | null): string | null {
  return units === null || units.length === 0 ? null : units.join(',');
}

export function decodeUnitScope(scope: string | null): string[] | null {
  return scope === null || scope === '' ? null : scope.split(',').map((u) => u.trim()).filter((u) => u.length > 0);
}
