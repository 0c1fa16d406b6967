import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { CachedResponse, CacheTicket, ResponseCache } from './response-cache';

/** Requests larger than this are not looked up (a cached query is a few kB at most). */
export const MAX_CACHED_REQUEST_BYTES = 64 * 1024;

/** How a request was answered; `bypass` went the full way without a lookup. */
export type FastPathOutcome = 'hit' | 'stale' | 'coalesced' | 'miss' | 'bypass';

export interface FastPathOptions {
  /** The GraphQL endpoint's path (the only one looked at). */
  path: string;
  cache: ResponseCache;
  /**
   * The cache partition of the caller: who they are and what they may see. Null when the request carries no
   * valid credentials (it then goes the full way and gets the full way's error).
   */
  partitionOf(headers: IncomingHttpHeaders): Promise<string | null>;
  /** Called once per looked-up request, when it was answered from the cache or handed on. */
  observe?(outcome: FastPathOutcome, req: IncomingMessage, res: ServerResponse, startedAt: number): void;
}

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

const TICKET = Symbol('bsc.responseCacheTicket');
type TicketCarrier = IncomingMessage & { [TICKET]?: CacheTicket };

/** The ticket of a request the fast path handed on to compute (and store) its response. */
export function responseCacheTicketOf(req: IncomingMessage): CacheTicket | undefined {
  return (req as TicketCarrier)[TICKET];
}

/**
 * Answers repeated read-only GraphQL requests from the response cache before Express, body parsing and Apollo
 * see them: those layers cost far more than the query itself once the scorecard is assembled. Everything else,
 * and every miss, goes to the original listener unchanged (the body is pushed back into the request stream).
 */
export function installResponseCacheFastPath(server: Server, options: FastPathOptions): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const next: RequestListener = (req, res) => {
    for (const listener of listeners) listener.call(server, req, res);
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const size = lookupSize(req, options);
    if (size === undefined) return next(req, res);
    const startedAt = performance.now();
    if (req.method === 'GET') return void answer(req, res, req.url ?? '', startedAt, options, next);
    readExactly(req, size, (body) => {
      // pushed back at once, before the stream can end: a miss hands the request on with its body intact
      req.unshift(body);
      void answer(req, res, body.toString('latin1'), startedAt, options, next);
    });
  });
}

async function answer(req: IncomingMessage, res: ServerResponse, request: string, startedAt: number, options: FastPathOptions, next: RequestListener): Promise<void> {
  const { cache, observe } = options;
  let partition: string | null;
  try {
    partition = await options.partitionOf(req.headers);
  } catch {
    partition = null;
  }
  if (partition === null) {
    observe?.('bypass', req, res, startedAt);
    return next(req, res);
  }
  // the response's media type follows the Accept header; everything else follows the grant and the request
  const key = `${partition}\n${req.headers.accept ?? ''}\n${request}`;
  const found = cache.lookup(key);
  if (found.kind === 'hit' || found.kind === 'stale') {
    send(res, found.response);
    observe?.(found.kind, req, res, startedAt);
    return;
  }
  if (found.kind === 'pending') {
    const response = await found.response;
    if (response) {
      send(res, response);
      observe?.('coalesced', req, res, startedAt);
      return;
    }
    observe?.('miss', req, res, startedAt);
    return next(req, res);
  }
  const ticket = found.ticket;
  (req as TicketCarrier)[TICKET] = ticket;
  // whatever happens on the full way (an error, a dropped connection), waiters are released when it ends
  res.once('close', () => cache.abandon(ticket));
  observe?.('miss', req, res, startedAt);
  next(req, res);
}

/** The body size to read for a cacheable-looking request, 0 for GET; undefined when it is not looked up. */
function lookupSize(req: IncomingMessage, options: FastPathOptions): number | undefined {
  if (!options.cache.enabled) return undefined;
  const url = req.url ?? '';
  const pathEnd = url.indexOf('?');
  if ((pathEnd < 0 ? url : url.slice(0, pathEnd)) !== options.path) return undefined;
  const headers = req.headers;
  // conditional requests are answered (304) by Express
  if (headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined) return undefined;
  if (req.method === 'GET') return pathEnd >= 0 && url.length <= MAX_CACHED_REQUEST_BYTES ? 0 : undefined;
  if (req.method !== 'POST') return undefined;
  if (!(headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return undefined;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return undefined;
  if (headers['transfer-encoding'] !== undefined) return undefined;
  const length = Number(headers['content-length']);
  return Number.isInteger(length) && length > 0 && length <= MAX_CACHED_REQUEST_BYTES ? length : undefined;
}

/** Reads exactly `size` bytes without consuming the end of the stream (so the bytes can be pushed back). */
function readExactly(req: IncomingMessage, size: number, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  const onReadable = (): void => {
    let chunk: Buffer | null;
    while (received < size && (chunk = req.read() as Buffer | null) !== null) {
      chunks.push(chunk);
      received += chunk.length;
    }
    if (received >= size) {
      req.removeListener('readable', onReadable);
      done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    }
  };
  req.on('readable', onReadable);
}

function send(res: ServerResponse, response: CachedResponse): void {
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}
