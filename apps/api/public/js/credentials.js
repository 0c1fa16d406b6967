// The API key (or JWT) the user typed, kept in localStorage so the page asks only once per browser.
const STORAGE_KEY = 'bsc.dashboard.credential';
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** Accepts "key", "ApiKey key", "Bearer jwt", a bare JWT, or a whole header line as printed at first start. */
export function parseCredential(input) {
  const text = String(input ?? '')
    .trim()
    .replace(/^(authorization|x-api-key)\s*:\s*/i, '');
  if (!text) return null;
  const [scheme, rest] = text.split(/\s+/, 2);
  if (rest && /^bearer$/i.test(scheme)) return { kind: 'jwt', secret: rest };
  if (rest && /^apikey$/i.test(scheme)) return { kind: 'apiKey', secret: rest };
  return { kind: JWT_SHAPE.test(text) ? 'jwt' : 'apiKey', secret: text };
}

/** Headers for GraphQL over HTTP; the same object is sent as graphql-ws connectionParams. */
export function authHeaders(credential) {
  if (!credential) return {};
  return credential.kind === 'jwt' ? { authorization: `Bearer ${credential.secret}` } : { 'x-api-key': credential.secret };
}

export function loadCredential(storage = window.localStorage) {
  try {
    const stored = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
    return stored && typeof stored.secret === 'string' && (stored.kind === 'jwt' || stored.kind === 'apiKey') ? stored : null;
  } catch {
    return null;
  }
}

export function saveCredential(credential, storage = window.localStorage) {
  storage.setItem(STORAGE_KEY, JSON.stringify(credential));
}

export function forgetCredential(storage = window.localStorage) {
  storage.removeItem(STORAGE_KEY);
}
