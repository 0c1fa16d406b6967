/** Reads one value out of a parsed JSON document. */
export type JsonGetter = (document: unknown) => unknown;

/**
 * Compiles the small JSONPath subset used by bindings: `$`, `$.a.b`, `$.items[0].v`, `$['odd key']`.
 * Compiled once per binding; reading is a walk over pre-split keys (no parsing per message).
 */
export function compileJsonPath(path: string): JsonGetter {
  const keys = parseJsonPath(path);
  return (document) => {
    let node: unknown = document;
    for (const key of keys) {
      if (node === null || typeof node !== 'object') return undefined;
      if (typeof key === 'number') {
        if (!Array.isArray(node)) return undefined;
        node = node[key];
      } else {
        if (!Object.prototype.hasOwnProperty.call(node, key)) return undefined;
        node = (node as Record<string, unknown>)[key];
      }
    }
    return node;
  };
}

export function parseJsonPath(path: string): Array<string | number> {
  const text = path.trim();
  if (!text.startsWith('$')) throw new Error(`JSON path '${path}' must start with '$'`);
  const keys: Array<string | number> = [];
  const token = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  let at = 1;
  while (at < text.length) {
    token.lastIndex = at;
    const m = token.exec(text);
    if (!m) throw new Error(`JSON path '${path}' is not supported at position ${at} (use $.a.b, [0] or ['key'])`);
    if (m[1] !== undefined) keys.push(m[1]);
    else if (m[2] !== undefined) keys.push(Number(m[2]));
    else keys.push((m[3] ?? m[4]).replace(/\\(.)/g, '$1'));
    at = token.lastIndex;
  }
  return keys;
}
