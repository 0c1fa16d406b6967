import { authHeaders } from './credentials.js';

/** The API refused the credentials (401 / UNAUTHENTICATED): the user must sign in again. */
export class AuthError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AuthError';
  }
}

/** Any other GraphQL error; `code` is extensions.code (FORBIDDEN, BAD_USER_INPUT, ...). */
export class GraphqlError extends Error {
  constructor(message, code, status) {
    super(message);
    this.name = 'GraphqlError';
    this.code = code;
    this.status = status;
  }
}

/**
 * GraphQL over HTTP (POST, JSON) with the stored credential. onPartial(message): part of an answer failed (a field
 * below the top level, nulled by the API); the rest is returned and shown.
 */
export class GraphqlClient {
  constructor(endpoint, credential, { onPartial = () => undefined } = {}) {
    this.endpoint = endpoint;
    this.credential = credential;
    this.onPartial = onPartial;
  }

  async request(query, variables = {}) {
    let response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          ...authHeaders(this.credential),
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new GraphqlError(`The API cannot be reached (${error.message}).`, 'NETWORK', 0);
    }
    const body = await response.json().catch(() => null);
    const first = body?.errors?.[0];
    const code = first?.extensions?.code;
    if (response.status === 401 || code === 'UNAUTHENTICATED') {
      throw new AuthError(first?.message ?? 'Sign-in required.');
    }
    if (first && isPartial(body)) {
      this.onPartial(body.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; '));
      Object.defineProperty(body.data, FAILED, { value: new Set(body.errors.map((e) => e.path.join('.'))) });
      return body.data;
    }
    if (first) throw new GraphqlError(first.message, code ?? 'UNKNOWN', response.status);
    if (!response.ok || !body?.data)
      throw new GraphqlError(`The API answered HTTP ${response.status}.`, 'HTTP', response.status);
    return body.data;
  }
}

const FAILED = Symbol('failed fields');

/** Whether a field of an answer (its path, e.g. 'kpi.forecast') failed: null there is unknown, not none. */
export function fieldFailed(data, path) {
  return data?.[FAILED]?.has(path) ?? false;
}

/** Every error sits below a top-level field that did answer: a nested field failed, not the request. */
function isPartial(body) {
  return (
    Boolean(body.data) &&
    body.errors.every((e) => Array.isArray(e.path) && e.path.length > 1 && body.data[e.path[0]] != null)
  );
}
