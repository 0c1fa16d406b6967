import type { OutgoingHttpHeaders } from 'node:http';

/** A complete GraphQL HTTP response, replayed byte for byte. */
export interface CachedResponse {
  status: number;
  headers: OutgoingHttpHeaders;
  /** A string, not a Buffer: Node then sends status line, headers and body in one write. */
  body: string;
  /** UTF-8 length of the body. */
  bytes: number;
}

/** What a lookup found; a `ticket` obliges the caller to fulfil or abandon it. */
export type CacheLookup =
  | { kind: 'hit'; response: CachedResponse }
  /** Past its TTL with a refresh already running: served while the refresh completes. */
  | { kind: 'stale'; response: CachedResponse }
  /** The same query is being computed at the current generation: wait for it. */
  | { kind: 'pending'; response: Promise<CachedResponse | undefined> }
  /** The caller computes the response (full GraphQL path) and hands it back with the ticket. */
  | { kind: 'miss'; ticket: CacheTicket };

export interface CacheTicket {
  readonly key: string;
  readonly generation: number;
}

/** Only current-generation entries exist: invalidate() clears them and fulfil() stores current tickets only. */
interface Entry {
  response: CachedResponse;
  expires: number;
}

interface InFlight {
  ticket: CacheTicket;
  promise: Promise<CachedResponse | undefined>;
  settle: (response: CachedResponse | undefined) => void;
}

export interface ResponseCacheOptions {
  /** How long an entry is served without a refresh (time-dependent fields: staleness, "now"). */
  ttlMs: number;
  /** Bound on the cached bodies, in bytes; the least recently stored go first. */
  maxBytes: number;
}

/**
 * Responses of read-only GraphQL operations by key (caller's grant + request). Correctness rests on the
 * generation: every data change (an event, a mutation, a model switch) bumps it, and an entry or an
 * in-flight computation from an older generation is never served. Within a generation:
 * - concurrent misses of one key share one computation (no thundering herd after an invalidation);
 * - an entry past its TTL is served while one request refreshes it (stale-while-revalidate), because only
 *   the passing of time, not data, can have changed it.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, InFlight>();
  /** By ticket too: a newer generation's computation may have taken the key while an older one still runs. */
  private readonly flights = new WeakMap<CacheTicket, InFlight>();
  private bytes = 0;
  private generation = 0;

  constructor(private readonly options: ResponseCacheOptions) {}

  get enabled(): boolean {
    return this.options.ttlMs > 0 && this.options.maxBytes > 0;
  }

  lookup(key: string, now = Date.now()): CacheLookup {
    const entry = this.entries.get(key);
    const flight = this.inFlight.get(key);
    const current = flight !== undefined && flight.ticket.generation === this.generation;
    if (entry) {
      if (entry.expires > now) return { kind: 'hit', response: entry.response };
      if (current) return { kind: 'stale', response: entry.response };
    } else if (current) {
      return { kind: 'pending', response: flight.promise };
    }
    return { kind: 'miss', ticket: this.start(key) };
  }

  /** Stores the computed response, unless data changed while it was computed; wakes the waiters either way. */
  fulfil(ticket: CacheTicket, response: CachedResponse, now = Date.now()): void {
    const valid = ticket.generation === this.generation;
    if (valid && response.bytes <= this.options.maxBytes) {
      this.remove(ticket.key);
      this.entries.set(ticket.key, { response, expires: now + this.options.ttlMs });
      this.bytes += response.bytes;
      this.evict();
    }
    this.finish(ticket, valid ? response : undefined);
  }

  /** The computation ended without a cacheable response (errors, a mutation, a closed connection). */
  abandon(ticket: CacheTicket): void {
    this.finish(ticket, undefined);
  }

  /** Data changed: nothing computed before now is served again. */
  invalidate(): void {
    this.generation += 1;
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  private start(key: string): CacheTicket {
    const ticket: CacheTicket = { key, generation: this.generation };
    let settle!: (response: CachedResponse | undefined) => void;
    const promise = new Promise<CachedResponse | undefined>((resolve) => (settle = resolve));
    const flight = { ticket, promise, settle };
    this.inFlight.set(key, flight);
    this.flights.set(ticket, flight);
    return ticket;
  }

  private finish(ticket: CacheTicket, response: CachedResponse | undefined): void {
    const flight = this.flights.get(ticket);
    if (!flight) return;
    this.flights.delete(ticket);
    if (this.inFlight.get(ticket.key) === flight) this.inFlight.delete(ticket.key);
    flight.settle(response);
  }

  private remove(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.bytes -= old.response.bytes;
    this.entries.delete(key);
  }

  /** Map order is insertion order: the oldest stored entries go first. */
  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.bytes <= this.options.maxBytes) return;
      this.remove(key);
    }
  }
}
