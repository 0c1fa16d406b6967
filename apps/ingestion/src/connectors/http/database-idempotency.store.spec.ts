import { IdempotencyKeyRepository, openDataSource } from '@bsc/persistence';
import type { DataSource } from 'typeorm';
import { DatabaseIdempotencyStore, IDEMPOTENCY_CLEANUP_INTERVAL_MS } from './database-idempotency.store';
import { IDEMPOTENCY_CLAIM_TTL_MS, IDEMPOTENCY_KEY_TTL_MS, IdempotencyKeys } from './idempotency-keys';

const T = Date.UTC(2026, 11, 7, 12);

describe(DatabaseIdempotencyStore.name, () => {
  let dataSource: DataSource;
  let repository: IdempotencyKeyRepository;
  let sut: IdempotencyKeys;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    repository = new IdempotencyKeyRepository(dataSource);
    sut = new IdempotencyKeys(new DatabaseIdempotencyStore(repository));
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  const keyRows = async (key: string): Promise<number> =>
    (
      await dataSource.query<Array<{ n: number }>>('SELECT count(*) AS n FROM idempotency_key WHERE "key" = ?', [key])
    )[0].n;

  it('answers a retry from the database, a day from the first request on', async () => {
    expect(await sut.run('"k1"', '{}', T, () => Promise.resolve({ run: 1 }))).toEqual({ run: 1 });
    expect(await sut.run('"k1"', '{}', T + IDEMPOTENCY_KEY_TTL_MS - 1, () => Promise.resolve({ run: 2 }))).toEqual({
      run: 1,
    });
    // at T + TTL the key has expired: the request runs again
    expect(await sut.run('"k1"', '{}', T + IDEMPOTENCY_KEY_TTL_MS, () => Promise.resolve({ run: 3 }))).toEqual({
      run: 3,
    });
  });

  it('forgets a request that failed; holds one that never finished for IDEMPOTENCY_CLAIM_TTL_MS', async () => {
    await expect(sut.run('"k1"', '{}', T, () => Promise.reject(new Error('database away')))).rejects.toThrow();
    expect(await sut.run('"k1"', '{}', T, () => Promise.resolve('stored'))).toBe('stored');
    // a replica that died mid-request: its claim, as a store of its own left it
    await repository.claim('k2', 'fp', 'dead', T, T + IDEMPOTENCY_CLAIM_TTL_MS);
    await expect(repository.claim('k2', 'fp', 'x', T + IDEMPOTENCY_CLAIM_TTL_MS - 1, T)).resolves.toMatchObject({
      claimed: false,
    });
    expect(await sut.run('"k2"', '{}', T + IDEMPOTENCY_CLAIM_TTL_MS, () => Promise.resolve('ran'))).toBe('ran');
  });

  it('removes expired keys at its first request, then at most once per IDEMPOTENCY_CLEANUP_INTERVAL_MS', async () => {
    await repository.claim('old', 'fp', 'a', 0, T - 1);
    await sut.run('"k1"', '{}', T, () => Promise.resolve(1));
    // 'old' (expired at T - 1) went at the first request: nothing left expired at T
    expect(await repository.deleteExpired(T)).toBe(0);
    // expires at T + 1; a request within the interval leaves it, the first one past it removes it
    await repository.claim('soon', 'fp', 'a', T, T + 1);
    await sut.run('"k2"', '{}', T + IDEMPOTENCY_CLEANUP_INTERVAL_MS - 1, () => Promise.resolve(2));
    expect(await keyRows('soon')).toBe(1);
    await sut.run('"k3"', '{}', T + IDEMPOTENCY_CLEANUP_INTERVAL_MS, () => Promise.resolve(3));
    expect(await keyRows('soon')).toBe(0);
  });
});
