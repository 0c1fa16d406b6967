import { authHeaders } from './credentials.js';

const FORBIDDEN_CLOSE = 4403;
const UNAUTHORIZED_CLOSE = 4401;

/**
 * graphql-ws subscriptions (UMD global `graphqlWs`, served from node_modules). Reconnects with backoff for as long
 * as the page is open, except when the server refuses the credentials.
 */
export class LiveClient {
  /** onState('connecting' | 'live' | 'offline' | 'refused', resumed): resumed when 'live' follows a lost connection */
  constructor(endpoint, credential, onState) {
    const url = new URL(endpoint, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.onState = onState;
    this.client = window.graphqlWs.createClient({
      url: url.href,
      connectionParams: () => authHeaders(credential),
      lazy: false,
      keepAlive: 15_000,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: (event) => !isRefusal(event),
      on: {
        connecting: () => onState('connecting'),
        connected: (_socket, _payload, wasRetry) => onState('live', Boolean(wasRetry)),
        closed: (event) => onState(isRefusal(event) ? 'refused' : 'offline'),
      },
    });
  }

  /** Returns the function that ends the subscription. */
  subscribe(query, variables, onData, onError = () => undefined) {
    return this.client.subscribe(
      { query, variables },
      {
        next: (result) => (result.errors?.length ? onError(result.errors[0]) : onData(result.data)),
        error: (error) => onError(error),
        complete: () => undefined,
      },
    );
  }

  dispose() {
    void this.client.dispose();
  }
}

function isRefusal(event) {
  return Boolean(event) && (event.code === FORBIDDEN_CLOSE || event.code === UNAUTHORIZED_CLOSE);
}
