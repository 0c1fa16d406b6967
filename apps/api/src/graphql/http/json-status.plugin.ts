import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

interface Match {
  q: number;
  /** 2 = exact type, 1 = a type wildcard, 0 = the full wildcard. */
  specificity: number;
  /** Position in the Accept header. */
  order: number;
}

function bestMatch(mediaType: string, accept: string): Match | null {
  const [type] = mediaType.split('/');
  let best: Match | null = null;
  accept.split(',').forEach((part, order) => {
    const [range, ...params] = part
      .trim()
      .split(';')
      .map((s) => s.trim().toLowerCase());
    const specificity = range === mediaType ? 2 : range === `${type}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity < 0) return;
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!best || specificity > best.specificity) best = { q, specificity, order };
  });
  return best;
}

/**
 * Whether Apollo will answer with application/graphql-response+json for this Accept header. Mirrors its negotiation:
 * higher q wins, then the more specific range, then the client's order; application/json wins remaining ties and
 * is the answer without an Accept header.
 */
export function prefersGraphqlResponseJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const json = bestMatch(JSON_TYPE, accept);
  const gql = bestMatch(GRAPHQL_RESPONSE_JSON, accept);
  if (!gql || !(gql.q > 0)) return false;
  if (!json || !(json.q > 0)) return true;
  if (gql.q !== json.q) return gql.q > json.q;
  if (gql.specificity !== json.specificity) return gql.specificity > json.specificity;
  return gql.order < json.order;
}

/**
 * GraphQL over HTTP: a client that accepts only application/json cannot tell a 4xx request error from a broken
 * server, so request errors (parse, validation, variable coercion) answered as application/json use 200.
 * application/graphql-response+json keeps Apollo's 400.
 */
export const jsonStatusPlugin: ApolloServerPlugin<BaseContext> = {
  requestDidStart({ request }) {
    if (prefersGraphqlResponseJson(request.http?.headers.get('accept'))) return Promise.resolve();
    return Promise.resolve({
      willSendResponse({ response }) {
        const body = response.body;
        const requestError = body.kind === 'single' && !('data' in body.singleResult);
        if (requestError && response.http.status === 400) response.http.status = 200;
        return Promise.resolve();
      },
    });
  },
};
