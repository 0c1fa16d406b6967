import { BadRequestException, ConflictException, UnprocessableEntityException } from '@nestjs/common';
import {
  IDEMPOTENCY_KEY_TTL_MS,
  IdempotencyKeys,
  MAX_IDEMPOTENCY_BYTES,
  MAX_IDEMPOTENCY_KEYS,
} from './idempotency-keys';
import { InMemoryIdempotencyStore } from './in-memory-idempotency.store';

const T = Date.UTC(2026, 11, 7, 12);

describe(`${IdempotencyKeys.name} in memory`, () => {
  /** A request's work: counts its runs, answers with the run's number. */
  const counted = () => {
    let runs = 0;
    return { work: () => Promise.resolve({ run: ++runs }), runs: () => runs };
  };

  it('answers a retry with the first response and does not run it again', async () => {
    const sut = new IdempotencyKeys(new InMemoryIdempotencyStore());
    const { work, runs } = counted();
    expect(await sut.run('"k1"', '{"a":1}', T, work)).toEqual({ run: 1 });
    // the same key, quoted or bare (a structured-field string), one minute later
    expect(await sut.run('k1', '{"a":1}', T + 60_000, work)).toEqual({ run: 1 });
    expect(runs()).toBe(1);
  });

  it('runs every request without a key, and a retry once its key expired', async () => {
    const sut = new IdempotencyKeys(new InMemoryIdempotencyStore());
    const { work, runs } = counted();
    await sut.run(undefined, '{}', T, work);
    await sut.run(undefined, '{}', T, work);
    await sut.run('"k1"', '{}', T, work);
    // remembered for IDEMPOTENCY_KEY_TTL_MS: at T + TTL it is gone, so 2 + 1 + 1 = 4 runs
    expect(await sut.run('"k1"', '{}', T + IDEMPOTENCY_KEY_TTL_MS, work)).toEqual({ run: 4 });
    expect(runs()).toBe(4);
  });

  it('refuses the key with another payload (422) and while its first request runs (409)', async () => {
    const sut = new IdempotencyKeys(new InMemoryIdempotencyStore());
    let finish: (v: string) => void = () => undefined;
    const first = sut.run('"k1"', '{"a":1}', T, () => new Promise<string>((r) => (finish = r)));
    await expect(sut.run('"k1"', '{"a":1}', T, () => Promise.resolve('again'))).rejects.toBeInstanceOf(
      ConflictException,
    );
    finish('done');
    expect(await first).toBe('done');
    await expect(sut.run('"k1"', '{"a":2}', T, () => Promise.resolve('other'))).rejects.toBeInstanceOf(
      UnprocessableEntityException,
    );
  });

  it('forgets a request that failed, so its retry runs', async () => {
    const sut = new IdempotencyKeys(new InMemoryIdempotencyStore());
    await expect(sut.run('"k1"', '{}', T, () => Promise.reject(new Error('database away')))).rejects.toThrow();
    expect(await sut.run('"k1"', '{}', T, () => Promise.resolve('stored'))).toBe('stored');
  });

  it('refuses an empty or overlong key (400)', async () => {
    const sut = new IdempotencyKeys(new InMemoryIdempotencyStore());
    await expect(sut.run('""', '{}', T, () => Promise.resolve(1))).rejects.toBeInstanceOf(BadRequestException);
    await expect(sut.run('x'.repeat(256), '{}', T, () => Promise.resolve(1))).rejects.toBeInstanceOf(
      BadRequestException,
    );
  });

  it('holds at most MAX_IDEMPOTENCY_KEYS, forgetting the oldest first and counting each', async () => {
    let evicted = 0;
    const store = new InMemoryIdempotencyStore(() => (evicted += 1));
    const sut = new IdempotencyKeys(store);
    // MAX + 2 keys: the first two are forgotten, the newest MAX kept
    for (let i = 0; i < MAX_IDEMPOTENCY_KEYS + 2; i++) await sut.run(`k${i}`, '{}', T, () => Promise.resolve(i));
    expect(store.size).toBe(MAX_IDEMPOTENCY_KEYS);
    expect(evicted).toBe(2);
    // k2, the oldest kept, is answered from memory; k0 runs again (and, a new entry, pushes k2 out)
    expect(await sut.run('k2', '{}', T, () => Promise.resolve('again'))).toBe(2);
    expect(await sut.run('k0', '{}', T, () => Promise.resolve('again'))).toBe('again');
    expect(evicted).toBe(3);
  });

  it('forgets the oldest once the remembered responses pass MAX_IDEMPOTENCY_BYTES', async () => {
    let evicted = 0;
    const store = new InMemoryIdempotencyStore(() => (evicted += 1));
    const sut = new IdempotencyKeys(store);
    // each response is half the bound plus its two JSON quotes: the second pushes the total 4 bytes past it
    const half = 'x'.repeat(MAX_IDEMPOTENCY_BYTES / 2);
    await sut.run('k1', '{}', T, () => Promise.resolve(half));
    await sut.run('k2', '{}', T, () => Promise.resolve(half));
    expect([store.size, evicted]).toEqual([1, 1]);
    expect(await sut.run('k2', '{}', T, () => Promise.resolve('again'))).toBe(half);
  });
});
