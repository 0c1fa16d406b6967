/** U+0000, or a UTF-16 surrogate without its partner. */
// eslint-disable-next-line no-control-regex -- NUL is what PostgreSQL refuses in text: matching it is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text any database accepts: PostgreSQL refuses U+0000 in text columns, and a lone UTF-16 surrogate cannot be
 * encoded as UTF-8. Both become U+FFFD; the text is cut to `maxChars` first (a pair cut in two is repaired the same way).
 */
export function storableText(text: string, maxChars = Infinity): string {
  const cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  return cut.replace(UNSTORABLE, '\uFFFD');
}

/** True when `storableText` would store the text unchanged (ignoring the length bound). */
export function isStorableText(text: string): boolean {
  UNSTORABLE.lastIndex = 0;
  const found = UNSTORABLE.test(text);
  UNSTORABLE.lastIndex = 0;
  return !found;
}
