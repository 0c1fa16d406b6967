import type { DataSource } from 'typeorm';
import { openDataSource } from '../data-source/open-data-source';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

describe(IdempotencyKeyRepository.name, () => {
  let dataSource: DataSource;
  let sut: IdempotencyKeyRepository;

  beforeEach(async () => {
    dataSource = await openDataSource({ sqlitePath: ':memory:' });
    sut = new IdempotencyKeyRepository(dataSource);
  });
  afterEach(async () => {
    await dataSource.destroy();
  });

  it('gives a key to one attempt; another sees it running, then its response', async () => {
    expect(await sut.claim('k1', 'fp', 'a', 1_000, 11_000)).toEqual({ claimed: true });
    expect(await sut.claim('k1', 'fp', 'b', 2_000, 12_000)).toEqual({
      claimed: false,
      known: { fingerprint: 'fp', response: null },
    });
    // only the attempt holding the key keeps its response
    expect(await sut.complete('k1', 'b', '{"run":2}', 90_000)).toBe(false);
    expect(await sut.complete('k1', 'a', '{"run":1}', 90_000)).toBe(true);
    expect(await sut.claim('k1', 'other', 'c', 3_000, 13_000)).toEqual({
      claimed: false,
      known: { fingerprint: 'fp', response: '{"run":1}' },
    });
  });

  it('takes over a key whose row expired: a finished one past its time, a claim whose replica died', async () => {
    await sut.claim('done', 'fp', 'a', 1_000, 11_000);
    await sut.complete('done', 'a', '{}', 50_000);
    await sut.claim('dead', 'fp', 'a', 1_000, 11_000);
    // at 50,000 both have expired (50,000 <= 50,000 and 11,000 <= 50,000)
    expect(await sut.claim('done', 'fp2', 'b', 50_000, 60_000)).toEqual({ claimed: true });
    expect(await sut.claim('dead', 'fp2', 'b', 50_000, 60_000)).toEqual({ claimed: true });
    // the dead attempt can no longer keep a response under it
    expect(await sut.complete('dead', 'a', '{}', 99_000)).toBe(false);
  });

  it("forgets a key its attempt released, and only that attempt's", async () => {
    await sut.claim('k1', 'fp', 'a', 1_000, 11_000);
    await sut.release('k1', 'b');
    expect(await sut.claim('k1', 'fp', 'b', 1_000, 11_000)).toMatchObject({ claimed: false });
    await sut.release('k1', 'a');
    expect(await sut.claim('k1', 'fp', 'b', 1_000, 11_000)).toEqual({ claimed: true });
  });

  it('removes the keys expired by a time', async () => {
    for (const [key, until] of [
      ['k10', 10],
      ['k20', 20],
      ['k30', 30],
    ] as const)
      await sut.claim(key, 'fp', 'a', 0, until);
    // expires_at <= 20: k10 and k20
    expect(await sut.deleteExpired(20)).toBe(2);
    expect(await sut.claim('k30', 'fp', 'b', 20, 40)).toMatchObject({ claimed: false });
    expect(await sut.claim('k10', 'fp', 'b', 20, 40)).toEqual({ claimed: true });
  });
});
