import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { ACTIVE_MODEL, type ActiveModel, type RequestFront } from '@bsc/app-kit';
import { EVENT_BUS, type BscEventName, type EventBus } from '@bsc/events';
import { Authenticator } from '../../auth/authenticator.service';
import type { Principal } from '../../auth/principal';
import { API_CONFIG } from '../../config/api-config.token';
import type { ApiConfig } from '../../config/api.config';
import { ResponseCache } from './response-cache';
import { responseCacheLookup, responseCacheTicketOf, type LookupOutcome } from './response-cache.middleware';
import { ResponseCacheApolloHooks } from './response-cache.plugin';

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
  // published with the samples or KPI values that revealed them (which invalidate anyway)
  'anomalies.detected': true,
  // the data-source health it describes (samples.ingested fires far more often while data flows)
  'ingestion.status': true,
  'events.resync': true,
  // a revoked key's requests are refused before any lookup; other callers' answers are unchanged, but it is rare
  'api-key.revoked': true,
};

/**
 * The GraphQL response cache of this process (see ResponseCache): partitioned by the caller's grant,
 * invalidated by every event on the bus, every local mutation and every model switch.
 */
@Injectable()
export class GraphqlResponseCacheService implements OnModuleDestroy {
  readonly cache: ResponseCache;
  /** Apollo's side: the plugin and `stringifyResult` that fill the cache (see ResponseCacheApolloHooks). */
  readonly apollo: ResponseCacheApolloHooks;
  private readonly logger = new Logger('GraphQL');
  private readonly path: string;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly outcomes: Record<LookupOutcome, { inc(): void }>;

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
    this.path = config.GRAPHQL_PATH;
    // Nest's Apollo driver puts the HTTP request into every operation's context
    this.apollo = new ResponseCacheApolloHooks(this.cache, (context) =>
      responseCacheTicketOf((context as { req?: IncomingMessage }).req),
    );
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
    const outcomes: LookupOutcome[] = ['hit', 'stale', 'coalesced', 'miss', 'bypass'];
    this.outcomes = Object.fromEntries(outcomes.map((o) => [o, counter.labels(o)])) as Record<
      LookupOutcome,
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

  /** The lookup in front of Express (see responseCacheLookup); a pass-through when the cache is off. */
  front(etagOf?: (body: string) => string | undefined): RequestFront {
    return responseCacheLookup({
      path: this.path,
      cache: this.cache,
      etagOf,
      partitionOf: (headers) => this.partitionOf(headers),
      knownPartitionOf: (headers) => {
        const principal = this.auth.cachedPrincipal(headers);
        return principal && partitionKey(principal);
      },
      observe: (outcome, req, res, startedAt) => this.observe(outcome, req, res, startedAt),
    });
  }

  private async partitionOf(headers: IncomingHttpHeaders): Promise<string | null> {
    const { principal } = await this.auth.fromHeaders(headers);
    return principal ? partitionKey(principal) : null;
  }

  private observe(outcome: LookupOutcome, req: IncomingMessage, res: ServerResponse, startedAt: number): void {
    this.outcomes[outcome].inc();
    // answered ahead of the HTTP request logger, which never saw it: log it the same way
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

/**
 * The whole principal, since resolvers read every field of it (`viewer.displayName` reads the name): two callers
 * share entries only when all fields agree. A new Principal field fails to compile here until it is keyed; JSON
 * keeps a separator inside a field from joining two others.
 */
export function partitionKey(principal: Principal): string {
  const fields: Record<keyof Principal, unknown> = {
    subject: principal.subject,
    name: principal.name ?? null,
    role: principal.role,
    units: principal.units,
    via: principal.via,
  };
  return JSON.stringify(fields);
}
