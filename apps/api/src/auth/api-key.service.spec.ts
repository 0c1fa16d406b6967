import { BscError, BscErrorCode } from '@bsc/common';
import { InProcessEventBus, type BscEventMap } from '@bsc/events';
import { ApiConfig } from '../config/api.config';
import type { ApiKeyRecord, ApiKeyStore } from '../stores/api-key.store';
import type { TwinIndexService } from '../twin/twin-index.service';
import { ApiKeyService } from './api-key.service';

const TTL_MS = 30_000;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

/** The API key table in memory, counting the lookups a request would send to the database. */
class CountingKeyStore implements ApiKeyStore {
  lookups = 0;
  private readonly rows = new Map<string, ApiKeyRecord>();
  /** Resolves the next lookup when called (lets a spec revoke while a lookup is on its way); absent: at once. */
  hold?: Promise<void>;

  create(input: { name: string; role: string }): Promise<{ record: ApiKeyRecord; key: string }> {
    const id = String(this.rows.size + 1);
    const record = {
      id,
      name: input.name,
      role: input.role,
      unitScope: null,
      createdAt: T0,
      revokedAt: null,
      lastUsedAt: null,
    };
    this.rows.set(`bsc_${id}`, record);
    return Promise.resolve({ record, key: `bsc_${id}` });
  }

  async findActiveByKey(key: string): Promise<ApiKeyRecord | null> {
    this.lookups += 1;
    const row = this.rows.get(key);
    const found = row && row.revokedAt === null ? { ...row } : null;
    await this.hold;
    return found;
  }

  list(): Promise<ApiKeyRecord[]> {
    return Promise.resolve([...this.rows.values()]);
  }

  revoke(id: string, at = Date.now()): Promise<ApiKeyRecord> {
    const row = [...this.rows.values()].find((r) => r.id === id);
    if (!row) return Promise.reject(new BscError(BscErrorCode.NotFound, `API key ${id} does not exist`, 'id'));
    row.revokedAt ??= at;
    return Promise.resolve({ ...row });
  }
}

function build(ttlMs = TTL_MS) {
  const store = new CountingKeyStore();
  const bus = new InProcessEventBus();
  const config = Object.assign(new ApiConfig(), { API_KEY_CACHE_TTL_MS: ttlMs });
  const sut = new ApiKeyService(store, {} as TwinIndexService, config, bus);
  return { sut, store, bus };
}

describe(ApiKeyService.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: T0 }));
  afterEach(() => jest.useRealTimers());

  it('asks the database once per key within the TTL, and again once the TTL has passed', async () => {
    const { sut, store } = build();
    const { key } = await sut.issue('wallboard', 'viewer', null);
    expect(await sut.verify(key)).toMatchObject({ subject: 'apikey:1', role: 'viewer', via: 'api_key' });
    jest.setSystemTime(T0 + TTL_MS - 1);
    expect((await sut.verify(key))?.subject).toBe('apikey:1');
    expect(sut.cached(key)?.subject).toBe('apikey:1');
    expect(store.lookups).toBe(1);
    // the entry was stored at T0, so it is trusted until T0 + TTL, not beyond
    jest.setSystemTime(T0 + TTL_MS);
    expect(sut.cached(key)).toBeUndefined();
    expect((await sut.verify(key))?.subject).toBe('apikey:1');
    expect(store.lookups).toBe(2);
  });

  it('refuses a key revoked through this instance at once and tells the other instances', async () => {
    const { sut, bus } = build();
    const { key, record } = await sut.issue('wallboard', 'viewer', null);
    const announced: Array<BscEventMap['api-key.revoked']> = [];
    bus.subscribe('api-key.revoked', (event) => announced.push(event));
    await sut.verify(key);
    jest.setSystemTime(T0 + 1_000);
    await sut.revoke(record.id);
    expect(sut.cached(key)).toBeUndefined();
    expect(await sut.verify(key)).toBeNull();
    expect(announced).toEqual([{ id: record.id, at: T0 + 1_000 }]);
  });

  it("drops a key at once when another instance's revocation arrives on the bus", async () => {
    const { sut, store, bus } = build();
    const { key, record } = await sut.issue('wallboard', 'viewer', null);
    await sut.verify(key);
    await store.revoke(record.id);
    bus.publish('api-key.revoked', { id: record.id, at: T0 });
    expect(await sut.verify(key)).toBeNull();
  });

  it('honours a revocation nobody announced (the CLI writes the table) once the TTL has passed', async () => {
    const { sut, store } = build();
    const { key, record } = await sut.issue('wallboard', 'viewer', null);
    await sut.verify(key);
    await store.revoke(record.id);
    jest.setSystemTime(T0 + TTL_MS - 1);
    expect(await sut.verify(key)).not.toBeNull();
    jest.setSystemTime(T0 + TTL_MS);
    expect(await sut.verify(key)).toBeNull();
  });

  it('does not cache a lookup that a revocation overtook', async () => {
    const { sut, store } = build();
    const { key, record } = await sut.issue('wallboard', 'viewer', null);
    let release!: () => void;
    store.hold = new Promise((resolve) => (release = resolve));
    // the lookup read the row before the revocation, and answers after it
    const pending = sut.verify(key);
    await sut.revoke(record.id);
    release();
    expect(await pending).not.toBeNull();
    store.hold = undefined;
    expect(await sut.verify(key)).toBeNull();
  });

  it('asks again after a bus resync, and every time with a TTL of 0; unknown keys are never cached', async () => {
    const { sut, store, bus } = build();
    const { key } = await sut.issue('wallboard', 'viewer', null);
    await sut.verify(key);
    bus.publish('events.resync', { at: T0, reason: 'reconnect' });
    await sut.verify(key);
    expect(await sut.verify('bsc_unknown')).toBeNull();
    expect(await sut.verify('bsc_unknown')).toBeNull();
    // 1 + 1 after the resync + 2 for the unknown key
    expect(store.lookups).toBe(4);

    const uncached = build(0);
    const issued = await uncached.sut.issue('wallboard', 'viewer', null);
    await uncached.sut.verify(issued.key);
    await uncached.sut.verify(issued.key);
    expect(uncached.store.lookups).toBe(2);
  });
});
