import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { RequestFront } from '@bsc/app-kit';
import type { CachedResponse, CacheTicket, ResponseCache } from './response-cache';

/** Requests larger than this are not looked up (a cached query is a few kB at most). */
export const MAX_CACHED_REQUEST_BYTES = 64 * 1024;

/** How a request was answered; `bypass` went the full way without a lookup. */
export type LookupOutcome = 'hit' | 'stale' | 'coalesced' | 'miss' | 'bypass';

export interface ResponseCacheLookupOptions {
  /** The GraphQL endpoint's path (the only one looked at). */
  path: string;
  cache: ResponseCache;
  /**
   * The cache partition of the caller: who they are and what they may see. Null when the request carries no
   * valid credentials (it then goes the full way and gets the full way's error).
   */
  partitionOf(headers: IncomingHttpHeaders): Promise<string | null>;
  /** The partition when it is known without waiting (a recently verified token); undefined otherwise. */
  knownPartitionOf?(headers: IncomingHttpHeaders): string | undefined;
  /** The ETag Express's `res.send` would put on a body (its `etag fn` setting): a hit carries it too. */
  etagOf?: (body: string) => string | undefined;
  /** Called once per looked-up request, when it was answered from the cache or handed on. */
  observe?: (outcome: LookupOutcome, req: IncomingMessage, res: ServerResponse, startedAt: number) => void;
}

const TICKET = Symbol('bsc.responseCacheTicket');
type TicketCarrier = IncomingMessage & { [TICKET]?: CacheTicket };

/** The ticket of a request handed on to compute (and store) its response; the Apollo hooks fulfil it. */
export function responseCacheTicketOf(req: IncomingMessage | undefined): CacheTicket | undefined {
  return req && (req as TicketCarrier)[TICKET];
}

/**
 * Answers repeated read-only GraphQL requests from the response cache, in front of Express (see
 * listenHttpApp): Express's request set-up, body parsing and request logs cost far more than a cached answer.
 * It reads a POST body itself and pushes it back into the request stream for whatever runs next. Identical
 * concurrent requests wait for one computation; every miss goes on with a ticket that the Apollo hooks fulfil.
 */
export function responseCacheLookup(options: ResponseCacheLookupOptions): RequestFront {
  return (req, res, next) => {
    const size = lookupSize(req, options);
    if (size === undefined) return next();
    const startedAt = performance.now();
    if (req.method === 'GET') return lookUp(req, res, undefined, req.url ?? '', startedAt, options, next);
    readExactly(req, size, (body) => lookUp(req, res, body, body.toString('latin1'), startedAt, options, next));
  };
}

function lookUp(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer | undefined,
  request: string,
  startedAt: number,
  options: ResponseCacheLookupOptions,
  next: () => void,
): void {
  const known = options.knownPartitionOf?.(req.headers);
  if (known !== undefined) return decide(req, res, body, keyOf(req, known, request), startedAt, options, next);
  // pushed back at once, before the stream can end: a miss hands the request on with its body intact
  if (body) req.unshift(body);
  options.partitionOf(req.headers).then(
    (partition) => answerFor(partition),
    () => answerFor(null),
  );
  function answerFor(partition: string | null): void {
    if (partition !== null)
      return decide(req, res, undefined, keyOf(req, partition, request), startedAt, options, next);
    options.observe?.('bypass', req, res, startedAt);
    next();
  }
}

/** The response's media type follows the Accept header; everything else follows the grant and the request. */
function keyOf(req: IncomingMessage, partition: string, request: string): string {
  return `${partition}\n${req.headers.accept ?? ''}\n${request}`;
}

/** Answers from the cache, waits for the same query's computation, or hands on; `body` is pushed back unless answered. */
function decide(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer | undefined,
  key: string,
  startedAt: number,
  options: ResponseCacheLookupOptions,
  next: () => void,
): void {
  const { cache, observe } = options;
  const found = cache.lookup(key);
  if (found.kind === 'hit' || found.kind === 'stale') {
    send(res, found.response, options);
    observe?.(found.kind, req, res, startedAt);
    return;
  }
  if (body) req.unshift(body);
  if (found.kind === 'pending') {
    void found.response.then((response) => {
      if (response) {
        send(res, response, options);
        observe?.('coalesced', req, res, startedAt);
        return;
      }
      observe?.('miss', req, res, startedAt);
      next();
    });
    return;
  }
  const ticket = found.ticket;
  (req as TicketCarrier)[TICKET] = ticket;
  // whatever happens on the full way (an error, a dropped connection), waiters are released when it ends
  res.once('close', () => cache.abandon(ticket));
  observe?.('miss', req, res, startedAt);
  next();
}

/** The body size to read for a cacheable-looking request, 0 for GET; undefined when it is not looked up. */
function lookupSize(req: IncomingMessage, options: ResponseCacheLookupOptions): number | undefined {
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

const etags = new WeakMap<CachedResponse, string | undefined>();

/** The ETag of an entry, computed once: a hit carries the headers the full way sent. */
function etagOf(response: CachedResponse, options: ResponseCacheLookupOptions): string | undefined {
  if (etags.has(response)) return etags.get(response);
  const etag = options.etagOf?.(response.body);
  etags.set(response, etag);
  return etag;
}

function send(res: ServerResponse, response: CachedResponse, options: ResponseCacheLookupOptions): void {
  const etag = etagOf(response, options);
  if (etag !== undefined) res.setHeader('ETag', etag);
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}
