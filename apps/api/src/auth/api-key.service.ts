import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { BscError, BscErrorCode } from '@bsc/common';
import { EVENT_BUS, type EventBus } from '@bsc/events';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import { TwinIndexService } from '../twin/twin-index.service';
import { API_KEY_STORE, type ApiKeyRecord, type ApiKeyStore } from '../stores/api-key.store';
import { ApiKeyCache, apiKeyDigest } from './api-key-cache';
import { decodeUnitScope, encodeUnitScope } from './api-key-codec';
import { isRole, type Principal, type Role } from './principal';
import { visibleUnits } from './unit-scope';

/** The principal subject of the API key with this id (what audit fields show when the key has no name). */
export function apiKeySubject(id: string): string {
  return `apikey:${id}`;
}

export interface IssuedApiKey {
  record: ApiKeyRecord;
  /** The key itself: shown once, never stored. */
  key: string;
}

/**
 * Issues, lists, revokes and verifies API keys. Verified keys are cached (API_KEY_CACHE_TTL_MS, see ApiKeyCache);
 * a revocation drops the key here at once and is announced as `api-key.revoked` so other instances drop it too.
 */
@Injectable()
export class ApiKeyService implements OnModuleDestroy {
  private readonly cache: ApiKeyCache;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    @Inject(API_KEY_STORE) private readonly store: ApiKeyStore,
    private readonly twin: TwinIndexService,
    @Inject(API_CONFIG) config: ApiConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {
    this.cache = new ApiKeyCache(config.API_KEY_CACHE_TTL_MS);
    this.unsubscribe.push(bus.subscribe('api-key.revoked', ({ id }) => this.cache.revoked(id)));
    this.unsubscribe.push(bus.subscribe('events.resync', () => this.cache.clear()));
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** Issues a key; `by` (when given) can only hand out what it holds: a scoped issuer issues keys inside its units. */
  issue(
    name: string,
    role: Role,
    units: readonly string[] | null,
    by?: Principal,
    at = Date.now(),
  ): Promise<IssuedApiKey> {
    // an empty list would be stored as no limit at all: a scoped issuer could hand out every unit
    if (units !== null && units.length === 0)
      throw new BscError(
        BscErrorCode.BadInput,
        'input.units: list at least one unit, or omit it for all',
        'input.units',
      );
    const scope = by ? this.withinIssuer(by, units) : units;
    return this.store.create({ name, role, unitScope: encodeUnitScope(scope), createdAt: at });
  }

  async revoke(id: string, by?: Principal, at = Date.now()): Promise<ApiKeyRecord> {
    if (by && !(await this.list(by)).some((k) => k.id === id))
      throw new BscError(BscErrorCode.NotFound, `id: no API key '${id}'`, 'id');
    const record = await this.store.revoke(id, at);
    this.cache.revoked(id);
    this.bus.publish('api-key.revoked', { id, at });
    return record;
  }

  /** Every key for unscoped callers; for scoped ones, the keys inside their units. */
  async list(by?: Principal): Promise<ApiKeyRecord[]> {
    const all = await this.store.list();
    if (!by || by.units === null) return all;
    const visible = visibleUnits(by, this.twin.current()) as ReadonlySet<string>;
    return all.filter((k) => (decodeUnitScope(k.unitScope) ?? ['*']).every((u) => visible.has(u)));
  }

  private withinIssuer(by: Principal, units: readonly string[] | null): readonly string[] | null {
    if (by.units === null) return units;
    if (units === null) return by.units;
    const visible = visibleUnits(by, this.twin.current()) as ReadonlySet<string>;
    const outside = units.filter((u) => !visible.has(u));
    if (outside.length > 0)
      throw new BscError(
        BscErrorCode.Forbidden,
        `input.units: ${outside.join(', ')} outside the units granted to ${by.subject}`,
        'input.units',
      );
    return units;
  }

  async hasActiveAdminKey(): Promise<boolean> {
    return (await this.store.list()).some((r) => r.role === 'admin' && r.revokedAt === null);
  }

  /** The principal of a key verified within the cache's TTL, without waiting; undefined when it must be looked up. */
  cached(key: string): Principal | undefined {
    return this.cache.get(apiKeyDigest(key));
  }

  /** The principal of a presented key, null when unknown or revoked. */
  async verify(key: string): Promise<Principal | null> {
    const digest = apiKeyDigest(key);
    const cached = this.cache.get(digest);
    if (cached) return cached;
    const startedAt = this.cache.begin();
    const record = await this.store.findActiveByKey(key);
    if (!record || !isRole(record.role)) return null;
    const principal: Principal = {
      subject: apiKeySubject(record.id),
      name: record.name,
      role: record.role,
      units: decodeUnitScope(record.unitScope),
      via: 'api_key',
    };
    this.cache.set(digest, record.id, principal, startedAt);
    return principal;
  }
}
