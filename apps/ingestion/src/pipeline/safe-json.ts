/** What stands for a value that has no JSON text: nested deeper than the stack allows, or circular. */
export const UNSERIALISABLE = '(not serialisable)';

/**
 * A value as JSON text for a dead letter or a refusal: its JSON (a bigint by its digits), the string form of a
 * primitive JSON cannot hold, else UNSERIALISABLE. Never throws: JSON.parse reads 100,000 levels of nesting,
 * JSON.stringify overflows at some thousands, and String() of a deep array recurses the same way, so an object is
 * never given to String().
 */
export function safeJson(value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch {
    json = undefined;
  }
  if (json !== undefined) return json;
  if (typeof value === 'symbol' || value === undefined) return String(value);
  return UNSERIALISABLE;
}
