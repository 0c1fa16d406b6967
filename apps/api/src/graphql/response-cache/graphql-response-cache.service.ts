import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { HTTPGraphQLRequest } from '@apollo/server';
import { Counter, Gauge, Registry } from 'prom-client';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import { EVENT_BUS, type BscEventName, type EventBus } from '@bsc/events';
import { Authenticator } from '../../auth/authenticator.service';
import type { Principal } from '../../auth/principal';
import { API_CONFIG } from '../../config/api-config.token';
import type { ApiConfig } from '../../config/api.config';
import { ResponseCache } from './response-cache';
import { installResponseCacheFastPath, responseCacheTicketOf, type FastPathOutcome } from './response-cache.fast-path';
import { isCacheableResponse, responseCachePlugin } from './response-cache.plugin';

/** Every event means some data changed; a new event name fails to compile here until it is listed. */
const INVALIDATING_EVENTS: Record<BscEventName, true> = {
  'samples.ingested': true,
  'kpi.updated': true,
  'kpis.updated': true,
  'scorecard.changed': true,
  'alert.raised': true,
  'alert.resolved': true,
  'alert.escalated': true,
  'model.imported': true,
  'forecast.updated': true,
  'events.resync': true,
};

/** Headers that describe the connection, not the response; Node sets them per reply. */
const HOP_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/**
 * The GraphQL response cache of this process (see ResponseCache): partitioned by the caller's grant,
 * invalidated by every event on the bus, every local mutation and every model switch.
 */
@Injectable()
export class GraphqlResponseCacheService implements OnModuleDestroy {
  readonly cache: ResponseCache;
  private readonly logger = new Logger('GraphQL');
  private readonly unsubscribe: Array<() => void> = [];
  private readonly outcomes: Record<FastPathOutcome, { inc(): void }>;

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    @Inject(EVENT_BUS) bus: EventBus,
    @Inject(ACTIVE_MODEL) activeModel: ActiveModel,
    private readonly auth: Authenticator,
    metrics: Registry,
  ) {
    this.cache = new ResponseCache({
      ttlMs: config.GRAPHQL_RESPONSE_CACHE_TTL_MS,
      maxBytes: config.GRAPHQL_RESPONSE_CACHE_MAX_MB * 1024 * 1024,
    });
    const invalidate = (): void => this.cache.invalidate();
    for (const name of Object.keys(INVALIDATING_EVENTS) as BscEventName[])
      this.unsubscribe.push(bus.subscribe(name, invalidate));
    this.unsubscribe.push(activeModel.onChange(invalidate));
    const counter = new Counter({
      name: 'bsc_graphql_response_cache_requests_total',
      help: 'GraphQL HTTP requests looked up in the response cache, by outcome (hit, stale, coalesced, miss, bypass)',
      labelNames: ['outcome'],
      registers: [metrics],
    });
    // bound once: a labelled inc() per request would hash the labels every time
    const outcomes: FastPathOutcome[] = ['hit', 'stale', 'coalesced', 'miss', 'bypass'];
    this.outcomes = Object.fromEntries(outcomes.map((o) => [o, counter.labels(o)])) as Record<
      FastPathOutcome,
      { inc(): void }
    >;
    const cache = this.cache;
    new Gauge({
      name: 'bsc_graphql_response_cache_bytes',
      help: 'Bytes of GraphQL responses held in the response cache',
      registers: [metrics],
      collect() {
        this.set(cache.sizeBytes);
      },
    });
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe) off();
  }

  /** The Apollo plugin that marks cacheable results and invalidates on mutations. */
  plugin() {
    return responseCachePlugin(this.cache);
  }

  /** Puts the fast path in front of the HTTP server's request listener (Express). */
  install(server: Server, path: string): void {
    if (!this.cache.enabled) return;
    installResponseCacheFastPath(server, {
      path,
      cache: this.cache,
      partitionOf: (headers) => this.partitionOf(headers),
      knownPartitionOf: (headers) => {
        const principal = this.auth.cachedPrincipal(headers);
        return principal && partitionKey(principal);
      },
      observe: (outcome, req, res, startedAt) => this.observe(outcome, req, res, startedAt),
    });
  }

  /** After the full way answered a request the fast path handed on: keep the response, or release waiters. */
  complete(req: IncomingMessage, res: ServerResponse, body: string, graphqlRequest: HTTPGraphQLRequest): void {
    const ticket = responseCacheTicketOf(req);
    if (!ticket) return;
    if (!isCacheableResponse(graphqlRequest) || res.statusCode !== 200) return this.cache.abandon(ticket);
    const headers = Object.fromEntries(Object.entries(res.getHeaders()).filter(([name]) => !HOP_HEADERS.has(name)));
    this.cache.fulfil(ticket, { status: res.statusCode, headers, body, bytes: Buffer.byteLength(body) });
  }

  private async partitionOf(headers: IncomingHttpHeaders): Promise<string | null> {
    const { principal } = await this.auth.fromHeaders(headers);
    return principal ? partitionKey(principal) : null;
  }

  private observe(outcome: FastPathOutcome, req: IncomingMessage, res: ServerResponse, startedAt: number): void {
    this.outcomes[outcome].inc();
    // answered here, so the HTTP request logger never saw it: log it the same way
    if (outcome === 'hit' || outcome === 'stale' || outcome === 'coalesced') {
      const responseTime = Math.round((performance.now() - startedAt) * 1000) / 1000;
      this.logger.log(
        {
          req: { method: req.method, url: req.url },
          res: { statusCode: res.statusCode },
          responseTime,
          cache: outcome,
        },
        'request completed',
      );
    }
  }
}

/** Who the caller is and what they may see; two callers share entries only when all three agree. */
export function partitionKey(principal: Principal): string {
  return `${principal.role}|${principal.subject}|${principal.units === null ? '*' : principal.units.join(',')}`;
}
